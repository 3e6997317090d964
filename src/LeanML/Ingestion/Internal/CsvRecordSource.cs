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
    private readonly FileStream _file;
    private readonly string _path;
    private readonly long _maxChars;
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
    private bool _tooLong;
    private bool _pending;

    /// <summary>
    /// Opens the file, skips the lines --skip-rows names and reads the header line (with --no-header, the first record
    /// is data and the columns are column_1..N).
    /// </summary>
    public CsvRecordSource(FileInput input)
    {
        _path = input.Path;
        _delimiter = input.Delimiter;
        _maxChars = input.Options.MaxRecordBytes;
        _unquotedStops = SearchValues.Create([_delimiter, '\n', '\r', '"']);
        _reader = input.OpenText(out _file);
        for (var skipped = 0; skipped < input.Options.SkipRows && ReadRecord(); skipped++)
        {
        }

        while (ReadRecord())
        {
            if (!IsBlankRecord(expectMany: true))
            {
                if (Error is not null)
                {
                    // A header cut short by the record cap, or never closed, cannot name the columns.
                    throw new LeanMLInputException($"the header cannot be read: {Error}.", _path, (int)Line);
                }

                if (input.Options.NoHeader)
                {
                    for (var i = 0; i < _fieldCount; i++)
                    {
                        _columns.Add($"column_{i + 1}");
                    }

                    _pending = true;
                    return;
                }

                HeaderLine = Line;
                foreach (var name in Values)
                {
                    _columns.Add((name ?? "").Trim());
                }

                HeaderWarning = LooksLikeData(_columns, _delimiter);
                return;
            }
        }
    }

    /// <summary>The line of the header; 0 when the file has none (it is empty, or --no-header).</summary>
    public long HeaderLine { get; }

    /// <summary>Why the header looks like a line of data, or null.</summary>
    public string? HeaderWarning { get; }

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
    public override bool TryGetBlock(out ReadOnlySpan<char> block, out ReadOnlySpan<int> starts, out ReadOnlySpan<int> ends)
    {
        block = _chars.AsSpan(0, _charCount);
        starts = _starts.AsSpan(0, _fieldCount);
        ends = _ends.AsSpan(0, _fieldCount);
        return true;
    }

    /// <inheritdoc/>
    public override long BytesRead => _file.Position;

    /// <summary>Guesses the delimiter among , ; tab | from the first lines (after <paramref name="skipRows"/>): the one that splits them most consistently.</summary>
    public static char DetectDelimiter(TextReader reader, int skipRows = 0)
    {
        var chunk = new char[64 * 1024];
        var n = reader.ReadBlock(chunk, 0, chunk.Length);
        var lines = new string(chunk, 0, n).Split('\n').Skip(skipRows).Where(l => !string.IsNullOrWhiteSpace(l)).Take(21).ToList();
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
        if (_pending)
        {
            // --no-header: the first record, read to count the columns, is data.
            _pending = false;
            SetError();
            return true;
        }

        while (ReadRecord())
        {
            if (IsBlankRecord(expectMany: _columns.Count > 1))
            {
                continue;
            }

            SetError();
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public override string RawText()
    {
        var tail = new string(_buffer, _recordStart, _rawEnd - _recordStart);
        if (_tooLong)
        {
            // Only its start: the record is longer than the cap (which bounded what was kept of it).
            var text = _rawCarry.ToString() + tail;
            return text.Length <= 1000 ? text : text[..1000] + "…";
        }

        return _rawCarry.Length == 0 ? tail : _rawCarry.ToString() + tail;
    }

    /// <inheritdoc/>
    /// <remarks>A record without a quoted field is, as written, its cells and the delimiters between them.</remarks>
    public override string? RawTextUnlessJoined() => _quoted || _tooLong ? RawText() : null;

    /// <inheritdoc/>
    public override char RawDelimiter => _delimiter;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing) => _reader.Dispose();

    // A heading of numbers or dates is a line of data: a file without a header, or one whose delimiter was not found
    // (a space-delimited file reads as one column named after its first line).
    private static string? LooksLikeData(List<string> columns, char delimiter)
    {
        var data = columns.Count(c => c.Length > 0 && c.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(t => ValueSyntax.IsReal(t) || ValueSyntax.TryDateTime(t, out _)));
        if (data == 0 || data * 2 < columns.Count)
        {
            return null;
        }

        var first = string.Join(delimiter, columns);
        first = first.Length <= 40 ? first : first[..37] + "...";
        return columns.Count == 1 && columns[0].Contains(' ', StringComparison.Ordinal)
            ? $"the first line ('{first}') looks like data, not column names, and was read as one column: if the values are separated by spaces, pass --delimiter ' '; if the file has no header line, pass --no-header"
            : $"the first line ('{first}') looks like data, not column names: if the file has no header line, pass --no-header (columns column_1..N)";
    }

    private void SetError()
    {
        if (Error is not null)
        {
            return;
        }

        if (_tooLong)
        {
            Error = $"the record is longer than {_maxChars / (1024 * 1024)} MB (ingest.max_record_mb in leanml.yaml), so it was not read; raise the limit if it is real";
        }
        else if (_badEncoding)
        {
            Error = Utf8Escape.Reason(RawText());
        }
        else if (_fieldCount != _columns.Count)
        {
            Error = $"expected {_columns.Count} fields, found {_fieldCount}";
        }
    }

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
        if (_rawCarry.Length + (_len - _recordStart) <= _maxChars)
        {
            _rawCarry.Append(_buffer, _recordStart, _len - _recordStart);
        }
        else
        {
            _tooLong = true;
        }

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
        _tooLong = false;
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
        if (ReadPlainRecord())
        {
            return true;
        }

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

    /// <summary>
    /// The common record, read in one go: whole in the buffer up to its line break, with no quote. It is copied
    /// as it is (delimiters and all) and its fields are the spans between delimiters; the general loop below reads every
    /// other record (1M records of 10 short fields: a search per record and per field instead of a run copied per field).
    /// </summary>
    private bool ReadPlainRecord()
    {
        var rest = _buffer.AsSpan(_pos, _len - _pos);
        var end = rest.IndexOf('\n');
        if (end < 0 || end > _maxChars)
        {
            return false;
        }

        // A Windows line break ends the record at its '\r'.
        var record = end > 0 && rest[end - 1] == '\r' ? rest[..(end - 1)] : rest[..end];
        if (record.IndexOfAny('"', '\r') >= 0)
        {
            return false;
        }

        if (record.Length > _chars.Length)
        {
            _chars = new char[Math.Max(_chars.Length * 2, record.Length)];
        }

        record.CopyTo(_chars);
        _badEncoding = Utf8Escape.HasEscapes(record);
        var start = 0;
        while (true)
        {
            var delimiter = record[start..].IndexOf(_delimiter);
            if (delimiter < 0)
            {
                break;
            }

            _charCount = start + delimiter;
            EndField(false);
            start = _fieldStartChar = _charCount + 1;
        }

        _charCount = record.Length;
        EndField(false);
        _line++;
        _rawEnd = _pos + record.Length;
        _pos += end + 1;
        return true;
    }

    private void Append(char c)
    {
        if (_charCount == _chars.Length)
        {
            if (_charCount >= _maxChars)
            {
                // Past the cap the record is only scanned to its end, never held: memory stays bounded.
                _tooLong = true;
                return;
            }

            Array.Resize(ref _chars, (int)Math.Min(_chars.Length * 2L, _maxChars));
        }

        _chars[_charCount++] = c;
    }

    private void AppendRun(ReadOnlySpan<char> run)
    {
        if (_charCount + run.Length > _chars.Length)
        {
            if (_charCount + run.Length > _maxChars)
            {
                _tooLong = true;
                return;
            }

            Array.Resize(ref _chars, (int)Math.Min(Math.Max(_chars.Length * 2L, _charCount + run.Length), _maxChars));
        }

        // The decoder keeps invalid UTF-8 bytes as escapes (Utf8Escape).
        _badEncoding |= Utf8Escape.HasEscapes(run);
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
