using DuckDB.NET.Data;
using DuckDB.NET.Native;
using LeanML.Ingestion.Internal;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// Copies into a DuckDB table whose columns are the batch's, in order (the analytic copies of the state store): a batch
/// of rows becomes one DuckDB data chunk, filled column by column straight into DuckDB's vectors through its C API
/// (numbers, dates and timestamps written in place, text copied from the batch's UTF-8 bytes), then appended inside the
/// caller's transaction. DuckDB.NET's row appender made a call and an object per value and cell. (A file's load goes
/// through <see cref="DuckDbArrowSink"/>, which stores on all of DuckDB's threads; for the few rows a copy adds, the
/// appender starts at once.)
/// </summary>
internal sealed unsafe class DuckDbAppenderSink : RowSink
{
    private const long UnixEpochDay = 719_162;                      // DateOnly(1970, 1, 1).DayNumber
    private const long UnixEpochTicks = 621_355_968_000_000_000;    // DateTime(1970, 1, 1).Ticks

    private readonly DuckDB.NET.Native.DuckDBAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly CellKind[] _kinds;
    private readonly string _table;

    /// <param name="connection">The connection (its transaction is open).</param>
    /// <param name="schema">The table's schema.</param>
    /// <param name="table">The table.</param>
    public DuckDbAppenderSink(DuckDBConnection connection, string schema, string table)
    {
        _table = table;
        if (NativeMethods.Appender.DuckDBAppenderCreateExt(connection.NativeConnection, null, schema, table, out _appender) != DuckDBState.Success)
        {
            var error = Error(_appender);
            _appender.Dispose();
            throw new InvalidOperationException($"cannot append to '{table}': {error}");
        }

        var count = (int)NativeMethods.Appender.DuckDBAppenderColumnCount(_appender);
        var types = new DuckDBLogicalType[count];
        _kinds = new CellKind[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                types[i] = NativeMethods.Appender.DuckDBAppenderColumnType(_appender, (ulong)i);
                _kinds[i] = NativeMethods.LogicalType.DuckDBGetTypeId(types[i]) switch
                {
                    DuckDBType.BigInt => CellKind.Integer,
                    DuckDBType.Double => CellKind.Real,
                    DuckDBType.Varchar => CellKind.Text,
                    DuckDBType.Date => CellKind.Date,
                    DuckDBType.Timestamp => CellKind.Timestamp,
                    var other => throw new InvalidOperationException($"the column {i} of '{table}' is of type {other}, which ingestion does not write."),
                };
            }

            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk([.. types.Select(t => t.DangerousGetHandle())], (ulong)count);
        }
        catch
        {
            _appender.Dispose();
            throw;
        }
        finally
        {
            foreach (var type in types)
            {
                type?.Dispose();
            }
        }
    }

    public override ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        var n = batch.Count;
        for (var c = 0; c < _kinds.Length; c++)
        {
            var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, c);
            WriteColumn(batch, c, vector, NativeMethods.Vectors.DuckDBVectorGetData(vector), n);
        }

        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)n);
        if (NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk) != DuckDBState.Success)
        {
            throw new InvalidOperationException($"appending to '{_table}' failed: {Error(_appender)}");
        }

        return ValueTask.FromResult(0L);
    }

    // Column c of the chunk from cell c of each row.
    private void WriteColumn(RowBatch batch, int c, IntPtr vector, void* data, int n)
    {
        ulong* validity = null;
        var expected = _kinds[c];
        for (var r = 0; r < n; r++)
        {
            var kind = batch.Kind(r, c);
            if (kind == CellKind.Null)
            {
                if (validity is null)
                {
                    NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(vector);
                    validity = NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
                }

                validity[r >> 6] &= ~(1UL << (r & 63));
                continue;
            }

            if (kind != expected)
            {
                throw new InvalidOperationException($"column {c} of '{_table}' holds {expected} values, but the load gave {kind}.");
            }

            switch (kind)
            {
                case CellKind.Integer:
                    ((long*)data)[r] = batch.Integer(r, c);
                    break;
                case CellKind.Real:
                    ((double*)data)[r] = batch.Real(r, c);
                    break;
                case CellKind.Date:
                    // duckdb_date: days since 1970-01-01.
                    ((int*)data)[r] = (int)(batch.Date(r, c).DayNumber - UnixEpochDay);
                    break;
                case CellKind.Timestamp:
                    // duckdb_timestamp: microseconds since 1970-01-01 00:00 (UTC here).
                    ((long*)data)[r] = (batch.Timestamp(r, c).Ticks - UnixEpochTicks) / 10;
                    break;
                default:
                    var text = batch.Utf8(r, c);
                    fixed (byte* bytes = text)
                    {
                        NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(vector, (ulong)r, bytes, text.Length);
                    }

                    break;
            }
        }
    }

    public override ValueTask<long> CompleteAsync(CancellationToken cancellationToken)
    {
        // Closing flushes what the appender holds into the transaction; the caller commits.
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
        {
            throw new InvalidOperationException($"appending to '{_table}' failed: {Error(_appender)}");
        }

        return ValueTask.FromResult(0L);
    }

    // The appender's own message (DuckDB keeps it as error data).
    private static string Error(DuckDB.NET.Native.DuckDBAppender appender)
    {
        var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
        try
        {
            return NativeMethods.ErrorData.DuckDBErrorDataMessage(error);
        }
        finally
        {
            error.Dispose();
        }
    }

    public override ValueTask DisposeAsync()
    {
        // After a failed load (no CompleteAsync) destroying the appender drops what it still held; the transaction rolls back.
        _chunk.Dispose();
        _appender.Dispose();
        return ValueTask.CompletedTask;
    }
}
