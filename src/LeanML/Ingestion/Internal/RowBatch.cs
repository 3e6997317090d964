using System.Text;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// A reusable block of converted rows passed from the reading thread to the writing one, in typed cells: numbers in
/// place (no boxing) and text already encoded as UTF-8 in one growing pinned buffer, so the writer binds it where it
/// lies (the batch is not changed until the writer is done with it). A row is
/// written cell by cell, then kept with <see cref="EndRow"/> or dropped with <see cref="DropRow"/>.
/// </summary>
internal sealed class RowBatch
{
    /// <summary>Rows per batch of a narrow file.</summary>
    public const int Size = 1024;

    // Cells per batch at most: a wide file's batches hold fewer rows, so memory stays flat whatever the width.
    private const int MaxCells = 1 << 20;

    private readonly CellKind[] _kinds;
    private readonly long[] _numbers;
    private readonly int[] _textStart;
    private readonly int[] _textLength;
    private readonly long[] _lines;
    private byte[] _text = GC.AllocateUninitializedArray<byte>(1 << 16, pinned: true);
    private int _textUsed;
    private int _rowTextStart;

    /// <summary>A batch of <paramref name="rows"/> rows with <paramref name="width"/> cells each.</summary>
    public RowBatch(int width, int rows = Size)
    {
        Width = width;
        Capacity = rows;
        _lines = new long[rows];
        _kinds = new CellKind[rows * width];
        _numbers = new long[rows * width];
        _textStart = new int[rows * width];
        _textLength = new int[rows * width];
    }

    /// <summary>The rows a batch of a file <paramref name="width"/> columns wide holds.</summary>
    public static int RowsFor(int width) => Math.Clamp(MaxCells / Math.Max(width, 1), 1, Size);

    /// <summary>Rows the batch holds when full.</summary>
    public int Capacity { get; }

    /// <summary>Cells per row (the file's columns; the lineage values are the sink's).</summary>
    public int Width { get; }

    /// <summary>Rows kept so far; the row being written is row <see cref="Count"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Every cell's kind, row after row: cell c of row r is at r * <see cref="Width"/> + c.</summary>
    public ReadOnlySpan<CellKind> Kinds => _kinds;

    /// <summary>
    /// Every cell's number, laid out as <see cref="Kinds"/>: an integer, a real's bits, a date's day number or a
    /// timestamp's ticks (nothing for text and NULL).
    /// </summary>
    public ReadOnlySpan<long> Numbers => _numbers;

    /// <summary>The kind of a cell.</summary>
    public CellKind Kind(int row, int column) => _kinds[(row * Width) + column];

    /// <summary>An integer cell's value.</summary>
    public long Integer(int row, int column) => _numbers[(row * Width) + column];

    /// <summary>A real cell's value.</summary>
    public double Real(int row, int column) => BitConverter.Int64BitsToDouble(_numbers[(row * Width) + column]);

    /// <summary>A text cell's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Utf8(int row, int column)
    {
        var at = (row * Width) + column;
        return _text.AsSpan(_textStart[at], _textLength[at]);
    }

    /// <summary>A text cell's UTF-8 bytes as a writable span (for APIs that take one; never written through).</summary>
    public Span<byte> Utf8Span(int row, int column)
    {
        var at = (row * Width) + column;
        return _text.AsSpan(_textStart[at], _textLength[at]);
    }

    /// <summary>A date cell's value.</summary>
    public DateOnly Date(int row, int column) => DateOnly.FromDayNumber((int)_numbers[(row * Width) + column]);

    /// <summary>A timestamp cell's value (UTC, with <see cref="DateTimeKind.Unspecified"/>: database timestamps carry no zone).</summary>
    public DateTime Timestamp(int row, int column) => new(_numbers[(row * Width) + column], DateTimeKind.Unspecified);

    /// <summary>A cell as a value for ADO.NET: long, double, string, DateOnly, DateTime or DBNull.</summary>
    public object Value(int row, int column) => Kind(row, column) switch
    {
        CellKind.Integer => Integer(row, column),
        CellKind.Real => Real(row, column),
        CellKind.Text => Encoding.UTF8.GetString(Utf8(row, column)),
        CellKind.Date => Date(row, column),
        CellKind.Timestamp => Timestamp(row, column),
        _ => DBNull.Value,
    };

    /// <summary>The source line of a kept row.</summary>
    public long Line(int row) => _lines[row];

    /// <summary>Sets a cell of the row being written to NULL.</summary>
    public void SetNull(int column) => _kinds[(Count * Width) + column] = CellKind.Null;

    /// <summary>Sets a cell of the row being written to an integer.</summary>
    public void SetInteger(int column, long value)
    {
        var at = (Count * Width) + column;
        _kinds[at] = CellKind.Integer;
        _numbers[at] = value;
    }

    /// <summary>Sets a cell of the row being written to a real.</summary>
    public void SetReal(int column, double value)
    {
        var at = (Count * Width) + column;
        _kinds[at] = CellKind.Real;
        _numbers[at] = BitConverter.DoubleToInt64Bits(value);
    }

    /// <summary>Sets a cell of the row being written to a date.</summary>
    public void SetDate(int column, DateOnly value)
    {
        var at = (Count * Width) + column;
        _kinds[at] = CellKind.Date;
        _numbers[at] = value.DayNumber;
    }

    /// <summary>Sets a cell of the row being written to a point in time (UTC).</summary>
    public void SetTimestamp(int column, DateTime utc)
    {
        var at = (Count * Width) + column;
        _kinds[at] = CellKind.Timestamp;
        _numbers[at] = utc.Ticks;
    }

    /// <summary>Sets a cell of the row being written to text, encoding it as UTF-8.</summary>
    public void SetText(int column, ReadOnlySpan<char> value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_textUsed + max > _text.Length)
        {
            var larger = GC.AllocateUninitializedArray<byte>(Math.Max(_text.Length * 2, _textUsed + max), pinned: true);
            _text.AsSpan(0, _textUsed).CopyTo(larger);
            _text = larger;
        }

        var at = (Count * Width) + column;
        _kinds[at] = CellKind.Text;
        _textStart[at] = _textUsed;
        _textLength[at] = Encoding.UTF8.GetBytes(value, _text.AsSpan(_textUsed));
        _textUsed += _textLength[at];
    }

    /// <summary>Keeps the row being written, read from <paramref name="line"/>.</summary>
    public void EndRow(long line)
    {
        _lines[Count++] = line;
        _rowTextStart = _textUsed;
    }

    /// <summary>Forgets the row being written (it went to quarantine).</summary>
    public void DropRow() => _textUsed = _rowTextStart;

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Count = 0;
        _textUsed = 0;
        _rowTextStart = 0;
    }
}
