using System.Buffers;
using System.Text;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// RFC 4180 CSV: quoted fields with delimiters, doubled quotes and line breaks inside, CRLF, LF or CR line ends,
/// UTF-8 with or without BOM (UTF-16 with BOM too). Blank lines are skipped. Streams through a fixed buffer.
/// </summary>
internal sealed class CsvRecordSource : RecordSource
{
    private const int BufferSize = 1 << 16;

    private readonly StreamReader _reader;
    private readonly char _delimiter;
    private readonly SearchValues<char> _unquotedStops;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _rawCarry = new();
    private readonly List<string?> _fields = new(32);
    private readonly List<string> _columns = [];
    private char[] _chars = new char[1024];
    private int _charCount;
    private int _fieldStartChar;
    private int[] _starts = new int[32];
    private int[] _ends = new int[32];
    private bool[] _quotedField = new bool[32];
    private int _fieldCount;
    private bool _materialized;
    private int _pos;
    private int _len;
    private int _recordStart;
    private int _rawEnd;
    private long _line = 1;
    private bool _skipLf;
    private bool _badEncoding;
    private bool _quoted;

    /// <summary>Opens the file and reads its header line.</summary>
    public CsvRecordSource(string path, char delimiter)
    {
        _delimiter = delimiter;
        _unquotedStops = SearchValues.Create([delimiter, '\n', '\r', '"']);
        _reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, BufferSize);
        while (ReadRecord())
        {
            if (!IsBlankRecord(expectMany: true))
            {
                HeaderLine = Line;
                foreach (var name in Values)
                {
                    _columns.Add((name ?? "").Trim());
                }

                return;
            }
        }
    }

    /// <summary>The line of the header; 0 when the file has none (it is empty).</summary>
    public long HeaderLine { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Columns => _columns;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Values
    {
        get
        {
            if (!_materialized)
            {
                _fields.Clear();
                for (var i = 0; i < _fieldCount; i++)
                {
                    _fields.Add(IsNull(i) ? null : new string(Field(i)));
                }

                _materialized = true;
            }

            return _fields;
        }
    }

    /// <inheritdoc/>
    public override int FieldCount => _fieldCount;

    /// <inheritdoc/>
    public override ReadOnlySpan<char> Field(int i) => _chars.AsSpan(_starts[i], _ends[i] - _starts[i]);

    /// <inheritdoc/>
    public override bool IsNull(int i) => _ends[i] == _starts[i] && !_quotedField[i];

    /// <inheritdoc/>
    public override long BytesRead => _reader.BaseStream.Position;

    /// <summary>Guesses the delimiter among , ; tab | from the first lines: the one that splits them most consistently.</summary>
    public static char DetectDelimiter(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
        var chunk = new char[64 * 1024];
        var n = reader.ReadBlock(chunk, 0, chunk.Length);
        var lines = new string(chunk, 0, n).Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).Take(21).ToList();
        if (n == chunk.Length && lines.Count > 1)
        {
            lines.RemoveAt(lines.Count - 1); // the last line of a full chunk may be cut short
        }

        var best = ',';
        var bestScore = (-1.0, -1);
        foreach (var candidate in ",;\t|")
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate)).ToList();
            if (counts.Count == 0 || counts[0] == 0)
            {
                continue;
            }

            var consistency = counts.Count(c => c == counts[0]) / (double)counts.Count;
            var score = (consistency, counts[0]);
            if (score.CompareTo(bestScore) > 0)
            {
                bestScore = score;
                best = candidate;
            }
        }

        return best;
    }

    /// <inheritdoc/>
    public override bool Read()
    {
        while (ReadRecord())
        {
            if (IsBlankRecord(expectMany: _columns.Count > 1))
            {
                continue;
            }

            if (Error is null)
            {
                if (_badEncoding)
                {
                    Error = "invalid UTF-8 byte sequence";
                }
                else if (_fieldCount != _columns.Count)
                {
                    Error = $"expected {_columns.Count} fields, found {_fieldCount}";
                }
            }

            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public override string RawText() =>
        _rawCarry.Length == 0 ? new string(_buffer, _recordStart, _rawEnd - _recordStart) : _rawCarry.ToString() + new string(_buffer, _recordStart, _rawEnd - _recordStart);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing) => _reader.Dispose();

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var inQuotes = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == delimiter && !inQuotes)
            {
                count++;
            }
        }

        return count;
    }

    private bool IsBlankRecord(bool expectMany) =>
        _fieldCount == 1 && !_quoted && Error is null && (IsNull(0) || (expectMany && Field(0).IsWhiteSpace()));

    private bool Fill()
    {
        _rawCarry.Append(_buffer, _recordStart, _len - _recordStart);
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        _recordStart = 0;
        return _len > 0;
    }

    // One record per call; the state machine of RFC 4180 section 2, lenient about a quote inside an unquoted field.
    private bool ReadRecord()
    {
        _fieldCount = 0;
        _charCount = 0;
        _fieldStartChar = 0;
        _materialized = false;
        _rawCarry.Clear();
        _badEncoding = false;
        _quoted = false;
        Error = null;
        _recordStart = _pos;
        if (_pos >= _len && !Fill())
        {
            return false;
        }

        if (_skipLf)
        {
            _skipLf = false;
            if (_buffer[_pos] == '\n')
            {
                _pos++;
                _recordStart = _pos;
                if (_pos >= _len && !Fill())
                {
                    return false;
                }
            }
        }

        _rawCarry.Clear();
        _recordStart = _pos;
        Line = _line;
        var inQuotes = false;
        var afterQuote = false;
        var fieldQuoted = false;
        while (true)
        {
            if (_pos >= _len && !Fill())
            {
                if (inQuotes && !afterQuote)
                {
                    Error = $"unterminated quoted field: the quote opened on line {Line} is never closed";
                }

                EndField(fieldQuoted);
                _rawEnd = 0;
                return true;
            }

            // Ordinary characters are copied a run at a time: inside quotes up to the next quote (counting the line
            // breaks it holds), outside up to the next delimiter, line break or quote. Single characters below decide.
            if (!afterQuote)
            {
                var rest = _buffer.AsSpan(_pos, _len - _pos);
                var stop = inQuotes ? rest.IndexOf('"') : rest.IndexOfAny(_unquotedStops);
                var run = stop < 0 ? rest : rest[..stop];
                if (inQuotes)
                {
                    _line += run.Count('\n');
                }

                AppendRun(run);
                _pos += run.Length;
                if (stop < 0)
                {
                    continue;
                }
            }

            var c = _buffer[_pos++];
            if (inQuotes)
            {
                if (!afterQuote)
                {
                    // The run stopped at a quote: it closes the field or starts a doubled quote.
                    afterQuote = true;
                    continue;
                }

                afterQuote = false;
                if (c == '"')
                {
                    Append('"');
                    continue;
                }

                inQuotes = false;
            }

            if (c == _delimiter)
            {
                EndField(fieldQuoted);
                fieldQuoted = false;
            }
            else if (c == '\n')
            {
                _line++;
                _rawEnd = _pos - 1;
                EndField(fieldQuoted);
                return true;
            }
            else if (c == '\r')
            {
                _line++;
                _rawEnd = _pos - 1;
                EndField(fieldQuoted);
                if (_pos < _len)
                {
                    if (_buffer[_pos] == '\n')
                    {
                        _pos++;
                    }
                }
                else
                {
                    _skipLf = true;
                }

                return true;
            }
            else if (c == '"' && _charCount == _fieldStartChar && !fieldQuoted)
            {
                inQuotes = true;
                fieldQuoted = true;
                _quoted = true;
            }
            else
            {
                Append(c);
            }
        }
    }

    private void Append(char c)
    {
        if (_charCount == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        if (c == '\uFFFD')
        {
            _badEncoding = true;
        }

        _chars[_charCount++] = c;
    }

    private void AppendRun(ReadOnlySpan<char> run)
    {
        if (_charCount + run.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + run.Length));
        }

        // The decoder turns invalid UTF-8 into U+FFFD.
        _badEncoding |= run.Contains('\uFFFD');
        run.CopyTo(_chars.AsSpan(_charCount));
        _charCount += run.Length;
    }

    private void EndField(bool quoted)
    {
        if (_fieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _ends, _ends.Length * 2);
            Array.Resize(ref _quotedField, _quotedField.Length * 2);
        }

        _starts[_fieldCount] = _fieldStartChar;
        _ends[_fieldCount] = _charCount;
        _quotedField[_fieldCount] = quoted;
        _fieldCount++;
        _fieldStartChar = _charCount;
    }
}
