using LeanML.Internal;
using System.Globalization;
using System.Text.Json;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// JSON: an array of objects (streamed element by element) or JSON Lines (one object per line). Nested objects are
/// flattened to parent.child columns (snake_case: parent_child); arrays are kept as JSON text. Columns appear in the
/// order the keys are first met. A JSON array's "line" is the 1-based index of the element.
/// </summary>
internal sealed class JsonRecordSource : RecordSource
{
    private readonly string _path;
    private readonly Stream _stream;
    private readonly FileStream _file;
    private readonly StreamReader? _lines;
    private readonly IEnumerator<JsonElement>? _elements;
    private readonly List<string> _columns = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly bool _fixedColumns;
    private string?[] _values = [];
    private int _count;
    private string? _rawLine;
    private JsonElement _element;
    private long _physicalLine;

    /// <summary>Opens the file; <paramref name="columns"/> fixes the columns found by pass 1.</summary>
    public JsonRecordSource(FileInput input, bool lines, IReadOnlyList<string>? columns = null)
    {
        _path = input.Path;
        _stream = input.OpenStream(out _file);
        if (columns is not null)
        {
            _fixedColumns = true;
            foreach (var c in columns)
            {
                _index[c] = _columns.Count;
                _columns.Add(c);
            }
        }

        if (lines)
        {
            _lines = new StreamReader(_stream, input.Encoding, detectEncodingFromByteOrderMarks: true);
        }
        else
        {
            _elements = JsonSerializer.DeserializeAsyncEnumerable(_stream, LeanMLJsonContext.Default.JsonElement).ToBlockingEnumerable().GetEnumerator();
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Columns => _columns;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Values => new ArraySegment<string?>(_values, 0, _count);

    /// <inheritdoc/>
    public override int FieldCount => _count;

    /// <inheritdoc/>
    public override ReadOnlySpan<char> Field(int i) => _values[i].AsSpan();

    /// <inheritdoc/>
    public override bool IsNull(int i) => _values[i] is null;

    /// <inheritdoc/>
    public override long BytesRead => _file.Position;

    /// <inheritdoc/>
    public override bool Read()
    {
        Error = null;
        _rawLine = null;
        _count = _columns.Count;
        if (_values.Length < _count)
        {
            Array.Resize(ref _values, Math.Max(_count, _values.Length * 2));
        }

        Array.Clear(_values, 0, _count);
        return _lines is not null ? ReadLine() : ReadElement();
    }

    /// <inheritdoc/>
    public override string RawText() => _rawLine ?? (_element.ValueKind == JsonValueKind.Undefined ? "" : _element.GetRawText());

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _elements?.Dispose();
        _lines?.Dispose();
        _stream.Dispose();
    }

    private bool ReadLine()
    {
        string? line;
        do
        {
            line = _lines!.ReadLine();
            _physicalLine++;
            if (line is null)
            {
                return false;
            }
        }
        while (string.IsNullOrWhiteSpace(line));

        Line = _physicalLine;
        _rawLine = line;
        _element = default;
        if (Utf8Escape.HasEscapes(line))
        {
            Error = Utf8Escape.Reason(line);
            return true;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            Take(doc.RootElement);
        }
        catch (JsonException ex)
        {
            Error = $"invalid JSON: {ex.Message}";
        }

        return true;
    }

    private bool ReadElement()
    {
        try
        {
            if (!_elements!.MoveNext())
            {
                return false;
            }
        }
        catch (JsonException ex)
        {
            // Inside one array nothing after a syntax error can be trusted: the whole file is rejected.
            throw new LeanMLInputException($"invalid JSON after element {Line}: {ex.Message}", _path, (int?)(ex.LineNumber + 1));
        }

        Line++;
        _element = _elements.Current;
        Take(_element);
        return true;
    }

    private void Take(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error = $"expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}";
            return;
        }

        Flatten(element, null);
    }

    private void Flatten(JsonElement obj, string? prefix)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = prefix is null ? property.Name : prefix + "." + property.Name;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any())
            {
                Flatten(value, name);
                continue;
            }

            if (!_index.TryGetValue(name, out var i))
            {
                if (_fixedColumns)
                {
                    Error = $"field '{name}' was not seen when the file was first read";
                    continue;
                }

                i = _columns.Count;
                _index[name] = i;
                _columns.Add(name);
                if (_values.Length <= i)
                {
                    Array.Resize(ref _values, Math.Max(i + 1, _values.Length * 2));
                }

                _count = _columns.Count;
            }

            _values[i] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            };
        }
    }

    /// <summary>For messages: the element's position.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_path}#{Line}");
}
