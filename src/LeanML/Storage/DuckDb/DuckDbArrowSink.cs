using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using LeanML.Ingestion.Internal;
using RecordBatch = Apache.Arrow.RecordBatch;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// The DuckDB bulk path of a load: rows are gathered into Arrow record batches of about a row group each, and one
/// <c>INSERT … SELECT</c> inside the load's transaction reads them through DuckDB's Arrow scan as they come. The scan
/// numbers its batches, so DuckDB converts and compresses them on all its threads at once and still stores the rows in
/// the file's order; through the appender the one writing thread compressed every row group itself while the reading
/// and converting threads waited on it (1M rows x 12 columns: see the ingest benchmark). Columns the file lacks are
/// left out of the insert (NULL); _load_id is a parameter of it.
/// </summary>
internal sealed partial class DuckDbArrowSink : RowSink
{
    // DuckDB's row group: a batch of this many rows is compressed as one, by one thread.
    private const int RowGroup = 122_880;

    // Cells per Arrow batch at most (8 bytes each): a batch of fewer rows than a row group is merged with the next
    // before DuckDB stores it, one more copy of every value (half row groups: 1M x 10 columns 1.9 s instead of 1.6 s),
    // so batches are whole row groups up to 68 columns and only wider files' are smaller (about 64 MiB each).
    private const int MaxCells = 1 << 23;

    // Text bytes per batch at most (Arrow's 32-bit offsets; and memory).
    private const int MaxTextBytes = 64 << 20;

    private readonly DuckDBConnection _connection;
    private readonly string _view = "__leanml_load_" + Guid.NewGuid().ToString("N");
    private readonly Column[] _columns;
    private readonly Schema _schema;
    private readonly int _rowsPerBatch;
    private readonly Channel<RecordBatch> _ready = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(1) { SingleWriter = true });
    private readonly IntPtr _stream;    // the CArrowArrayStream DuckDB reads
    private readonly Task<long> _insert;
    private int _rows;
    private long _written;
    private bool _completed;

    private DuckDbArrowSink(DuckDBConnection connection, string table, Column[] columns, int rowsPerBatch, string loadIdColumn, object loadId)
    {
        _connection = connection;
        _columns = columns;
        _schema = new Schema(columns.Select(c => new Field(c.Name, c.ArrowType, nullable: true)), null);
        _rowsPerBatch = rowsPerBatch;
        _stream = Export(new BatchStream(_schema, _ready.Reader));
        if (ArrowScan(connection.NativeConnection.DangerousGetHandle(), _view, _stream) != 0)
        {
            Free(_stream);
            throw new InvalidOperationException($"DuckDB could not read the load of '{table}' as an Arrow stream.");
        }

        var names = string.Join(", ", columns.Select(c => SqlNames.Quote(c.Name)));
        var sql = $"INSERT INTO {SqlNames.Quote(table)} ({names}, {SqlNames.Quote(loadIdColumn)}) SELECT {names}, $load_id FROM {SqlNames.Quote(_view)}";

        // The statement runs on a thread of its own until the last batch is read; the caller's thread fills batches.
        _insert = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    using var cmd = connection.CreateCommand();
                    cmd.CommandText = sql;
                    cmd.Parameters.Add(new DuckDBParameter("load_id", loadId));
                    return (long)cmd.ExecuteNonQuery();
                }
                catch (Exception ex)
                {
                    // A writer waiting for room meets the statement's error instead of waiting forever.
                    _ready.Writer.TryComplete(ex);
                    throw;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>Starts loading into <paramref name="table"/>: <paramref name="columns"/> are the load's (the file's, then _load_id and _source_line).</summary>
    public static async Task<DuckDbArrowSink> StartAsync(Database database, System.Data.Common.DbTransaction transaction, string table, IReadOnlyList<string> columns, object loadId, CancellationToken cancellationToken)
    {
        // The table's type of each of the load's columns (a file column the table lacks cannot happen: the load made it).
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = database.Command($"SELECT * FROM {SqlNames.Quote(table)} LIMIT 0", transaction))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                types[reader.GetName(i)] = reader.GetDataTypeName(i);
            }
        }

        var width = columns.Count - 2;
        var loadIdColumn = columns[width];
        var rows = Math.Clamp(MaxCells / (width + 1), RowBatch.Size, RowGroup);
        var sourced = new List<Column>();
        for (var k = 0; k < columns.Count; k++)
        {
            if (k == width)
            {
                continue;
            }

            var name = columns[k];
            var kind = types.TryGetValue(name, out var type) ? KindOf(type, table, name) : throw new InvalidOperationException($"the table '{table}' has no column '{name}'.");
            sourced.Add(new Column(name, k == width + 1 ? Column.Line : k, kind, rows));
        }

        return new DuckDbArrowSink((DuckDBConnection)database.Connection, table, [.. sourced], rows, loadIdColumn, loadId);
    }

    private static CellKind KindOf(string type, string table, string column) => type.ToUpperInvariant() switch
    {
        "BIGINT" => CellKind.Integer,
        "DOUBLE" => CellKind.Real,
        "VARCHAR" => CellKind.Text,
        "DATE" => CellKind.Date,
        "TIMESTAMP" => CellKind.Timestamp,
        _ => throw new InvalidOperationException($"the column '{column}' of '{table}' is of type {type}, which ingestion does not write."),
    };

    public override async ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        // Column by column over the rows that still fit in the Arrow batch being gathered.
        for (var start = 0; start < batch.Count;)
        {
            var end = Math.Min(batch.Count, start + _rowsPerBatch - _rows);
            var text = 0L;
            foreach (var column in _columns)
            {
                column.Add(batch, start, end);
                text = Math.Max(text, column.TextBytes);
            }

            _rows += end - start;
            start = end;
            if (_rows == _rowsPerBatch || text > MaxTextBytes)
            {
                await SendAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return 0;
    }

    // Hands the rows gathered so far to the statement as one record batch (waits while the one before is not taken).
    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var arrays = _columns.Select(c => c.Build()).ToArray();
        var rows = _rows;
        _rows = 0;
        try
        {
            await _ready.Writer.WriteAsync(new RecordBatch(_schema, arrays, rows), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The statement failed: its error is the one to report.
            await _insert.ConfigureAwait(false);
            throw;
        }

        _written += rows;
    }

    public override async ValueTask<long> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_rows > 0)
        {
            await SendAsync(cancellationToken).ConfigureAwait(false);
        }

        _ready.Writer.TryComplete();
        var inserted = await _insert.ConfigureAwait(false);
        if (inserted != _written)
        {
            throw new InvalidOperationException($"DuckDB inserted {inserted} rows of the {_written} the load gave it.");
        }

        _completed = true;
        using var drop = _connection.CreateCommand();
        drop.CommandText = $"DROP VIEW {SqlNames.Quote(_view)}";
        drop.ExecuteNonQuery();
        return 0;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            // A failed or cancelled load: the statement stops at its next batch; the caller rolls the transaction (and
            // the view) back once it has.
            _ready.Writer.TryComplete(new OperationCanceledException("the load stopped"));
            try
            {
                await _insert.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Its error is the load's failure, already on its way to the caller.
            }
        }

        Free(_stream);
    }

    private static unsafe IntPtr Export(IArrowArrayStream stream)
    {
        var exported = CArrowArrayStream.Create();
        CArrowArrayStreamExporter.ExportArrayStream(stream, exported);
        return (IntPtr)exported;
    }

    private static unsafe void Free(IntPtr stream) => CArrowArrayStream.Free((CArrowArrayStream*)stream);

    [LibraryImport("duckdb", EntryPoint = "duckdb_arrow_scan", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ArrowScan(IntPtr connection, string view, IntPtr stream);

    /// <summary>The batches as DuckDB's scan asks for them, on its own threads (it asks one at a time).</summary>
    private sealed class BatchStream(Schema schema, ChannelReader<RecordBatch> batches) : IArrowArrayStream
    {
        public Schema Schema => schema;

        public ValueTask<RecordBatch> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            RecordBatch? batch;
            while (!batches.TryRead(out batch))
            {
                if (!batches.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                {
                    return ValueTask.FromResult<RecordBatch>(null!);
                }
            }

            return ValueTask.FromResult(batch);
        }

        public void Dispose()
        {
        }
    }

    /// <summary>
    /// One column of the batch being gathered, in the buffers Arrow lays it out in (values or offsets and text, and a
    /// validity bitmap once a value is NULL). Each batch is built in buffers DuckDB has released (or new ones): it holds
    /// the last batches' until it has stored them.
    /// </summary>
    private sealed class Column(string name, int source, CellKind kind, int capacity)
    {
        /// <summary>The source of the line column (not a cell of the batch).</summary>
        public const int Line = -2;

        private const long UnixEpochDay = 719_162;                      // DateOnly(1970, 1, 1).DayNumber
        private const long UnixEpochTicks = 621_355_968_000_000_000;    // DateTime(1970, 1, 1).Ticks

        // Buffers DuckDB has released, to fill again: fresh memory for every batch cost a page fault per 4 KiB.
        private readonly ConcurrentBag<byte[]> _free = [];
        private byte[] _values = GC.AllocateUninitializedArray<byte>(ValueBytes(kind, capacity), pinned: true);
        private byte[]? _validity;
        private byte[] _text = [];
        private int _textUsed;
        private int _count;
        private int _nulls;

        public string Name => name;

        public IArrowType ArrowType => kind switch
        {
            CellKind.Integer => Int64Type.Default,
            CellKind.Real => DoubleType.Default,
            CellKind.Date => Date32Type.Default,
            CellKind.Timestamp => new TimestampType(TimeUnit.Microsecond, (string?)null),
            _ => StringType.Default,
        };

        /// <summary>Bytes of text gathered so far.</summary>
        public int TextBytes => _textUsed;

        // Bytes of the values of a fixed width (8 bytes; 4 for date32), or of the 32-bit offsets of text (one more than the rows).
        private static int ValueBytes(CellKind kind, int rows) => kind switch
        {
            CellKind.Date => rows * 4,
            CellKind.Text => (rows + 1) * 4,
            _ => rows * 8,
        };

        // A released buffer of at least this size, or a new one (pinned: DuckDB reads it where it lies).
        private byte[] Rent(int size)
        {
            while (_free.TryTake(out var array))
            {
                if (array.Length >= size)
                {
                    return array;
                }
            }

            return GC.AllocateUninitializedArray<byte>(size, pinned: true);
        }

        // The buffer's first bytes as Arrow memory that comes back to this column when DuckDB releases it.
        private ArrowBuffer Lend(byte[] array, int length) => new(new Lease(array, length, _free).Memory);

        /// <summary>Adds this column's values of rows <paramref name="start"/> to <paramref name="end"/> (excluded).</summary>
        public void Add(RowBatch batch, int start, int end)
        {
            if (source == Line)
            {
                var lines = MemoryMarshal.Cast<byte, long>(_values.AsSpan());
                for (var r = start; r < end; r++)
                {
                    lines[_count++] = batch.Line(r);
                }

                return;
            }

            // Each cell straight from the batch's arrays (row r's cell at r * width + source): through two calls a cell
            // (Kind, then the value) this step was 3.8% of a 1M x 10 load's CPU samples under perf.
            var kinds = batch.Kinds;
            var numbers = batch.Numbers;
            var width = batch.Width;
            switch (kind)
            {
                case CellKind.Integer:
                case CellKind.Timestamp:
                case CellKind.Real:
                    // timestamp[us]: microseconds since 1970-01-01 00:00 (UTC here); a double's bits as they are.
                    var longs = MemoryMarshal.Cast<byte, long>(_values.AsSpan());
                    var timestamp = kind == CellKind.Timestamp;
                    for (int r = start, at = (start * width) + source; r < end; r++, at += width, _count++)
                    {
                        longs[_count] = Present(kinds[at]) ? timestamp ? (numbers[at] - UnixEpochTicks) / 10 : numbers[at] : 0;
                    }

                    break;
                case CellKind.Date:
                    // date32: days since 1970-01-01.
                    var days = MemoryMarshal.Cast<byte, int>(_values.AsSpan());
                    for (int r = start, at = (start * width) + source; r < end; r++, at += width, _count++)
                    {
                        days[_count] = Present(kinds[at]) ? (int)(numbers[at] - UnixEpochDay) : 0;
                    }

                    break;
                default:
                    var offsets = MemoryMarshal.Cast<byte, int>(_values.AsSpan());
                    offsets[0] = 0;
                    for (int r = start, at = (start * width) + source; r < end; r++, at += width)
                    {
                        if (Present(kinds[at]))
                        {
                            var text = batch.Utf8(r, source);
                            if (_textUsed + text.Length > _text.Length)
                            {
                                var larger = Rent(Math.Max(Math.Max(_text.Length * 2, 1 << 16), _textUsed + text.Length));
                                _text.AsSpan(0, _textUsed).CopyTo(larger);
                                _text = larger;
                            }

                            text.CopyTo(_text.AsSpan(_textUsed));
                            _textUsed += text.Length;
                        }

                        offsets[++_count] = _textUsed;
                    }

                    break;
            }
        }

        // True when a cell of this kind is not NULL (a NULL is marked in the validity bitmap at the current row).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool Present(CellKind cell) => cell == kind || Absent(cell);

        // Marks the current row NULL (false), or throws for a cell of another kind.
        private bool Absent(CellKind cell)
        {
            if (cell != CellKind.Null)
            {
                throw new InvalidOperationException($"the column '{name}' holds {kind} values, but the load gave {cell}.");
            }

            if (_validity is null)
            {
                _validity = Rent((capacity + 7) / 8);
                _validity.AsSpan().Fill(0xFF);
            }

            _validity[_count >> 3] &= (byte)~(1 << (_count & 7));
            _nulls++;
            return false;
        }

        /// <summary>The gathered values as an array; the column starts a new batch in new buffers.</summary>
        public IArrowArray Build()
        {
            var rows = _count;
            var validity = _validity is null ? ArrowBuffer.Empty : Lend(_validity, (rows + 7) / 8);
            var values = Lend(_values, ValueBytes(kind, rows));

            ArrowBuffer[] buffers = kind == CellKind.Text ? [validity, values, Lend(_text, _textUsed)] : [validity, values];
            var data = new ArrayData(ArrowType, rows, _nulls, 0, buffers);
            _values = Rent(ValueBytes(kind, capacity));
            _validity = null;
            if (kind == CellKind.Text)
            {
                // The next batch's text starts at about this one's size.
                _text = Rent(Math.Max(_textUsed, 1 << 16));
            }

            _textUsed = 0;
            _count = 0;
            _nulls = 0;
            return ArrowArrayFactory.BuildArray(data);
        }
    }

    /// <summary>A pinned buffer lent to DuckDB as Arrow memory: when DuckDB releases it, it goes back to its column's free list.</summary>
    private sealed unsafe class Lease(byte[] array, int length, ConcurrentBag<byte[]> free) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => array.AsSpan(0, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(Unsafe.AsPointer(ref array[elementIndex]), default, this);

        public override void Unpin() => free.Add(array);

        protected override void Dispose(bool disposing)
        {
        }
    }
}
