using System.Globalization;
using System.Text;
using LeanML.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// The SQLite bulk path: prepared INSERTs bound by position straight through SQLite's C API and reused inside the load's
/// transaction (ADO.NET binds parameters by name on every execution, which dominates a bulk load). Rows go
/// <see cref="RowsPerStatement"/> at a time through a multi-row VALUES statement; the remainder through a one-row one.
/// The load id is the same on every row: all rows of a statement share one parameter for it, bound once (SQLite keeps
/// bindings across executions).
/// </summary>
internal sealed class SqliteInsertSink : RowSink
{
    /// <summary>Rows per multi-row INSERT: fewer statement executions, well under SQLite's variable limit.</summary>
    public const int RowsPerStatement = 32;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _many;
    private readonly sqlite3_stmt _one;
    private readonly int _width;
    private readonly int _loadIdColumn;
    private readonly object?[][] _pending;
    private int _count;
    private byte[] _utf8 = new byte[4096];

    public SqliteInsertSink(SqliteConnection connection, string table, IReadOnlyList<string> columns, string loadId)
    {
        _db = connection.Handle!;
        _width = columns.Count;
        _loadIdColumn = columns.ToList().IndexOf(TableDdl.LoadIdColumn);
        _pending = new object?[RowsPerStatement][];
        for (var i = 0; i < RowsPerStatement; i++)
        {
            _pending[i] = new object?[_width];
        }

        var head = $"INSERT INTO {SqlNames.Quote(table)} ({string.Join(", ", columns.Select(SqlNames.Quote))}) VALUES ";
        Check(raw.sqlite3_prepare_v2(_db, head + Values(1), out _one));
        Check(raw.sqlite3_prepare_v2(_db, head + Values(RowsPerStatement), out _many));
        Check(BindText(_one, LoadIdParameter, loadId));
        Check(BindText(_many, LoadIdParameter, loadId));
    }

    // The shared load id parameter: numbered after every per-row one of the multi-row statement.
    private int LoadIdParameter => (RowsPerStatement * (_width - 1)) + 1;

    public override ValueTask<bool> WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        // The caller reuses its row arrays: keep a copy (the values themselves are immutable).
        Array.Copy(row, _pending[_count], _width);
        if (++_count == RowsPerStatement)
        {
            for (var r = 0; r < RowsPerStatement; r++)
            {
                Bind(_many, _pending[r], r * (_width - 1));
            }

            Step(_many);
            _count = 0;
        }

        return ValueTask.FromResult(false);
    }

    public override ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        for (var r = 0; r < _count; r++)
        {
            Bind(_one, _pending[r], 0);
            Step(_one);
        }

        _count = 0;
        return ValueTask.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        _many.Dispose();
        _one.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Values(int rows)
    {
        var sb = new StringBuilder();
        var p = 1;
        for (var r = 0; r < rows; r++)
        {
            sb.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _width; c++)
            {
                var parameter = c == _loadIdColumn ? LoadIdParameter : p++;
                sb.Append(c == 0 ? "?" : ", ?").Append(parameter.ToString(CultureInfo.InvariantCulture));
            }

            sb.Append(')');
        }

        return sb.ToString();
    }

    private void Bind(sqlite3_stmt statement, object?[] row, int offset)
    {
        var index = offset;
        for (var i = 0; i < row.Length; i++)
        {
            if (i == _loadIdColumn)
            {
                continue;
            }

            index++;
            var rc = row[i] switch
            {
                long l => raw.sqlite3_bind_int64(statement, index, l),
                double d => raw.sqlite3_bind_double(statement, index, d),
                string s => BindText(statement, index, s),
                int n => raw.sqlite3_bind_int64(statement, index, n),
                _ => raw.sqlite3_bind_null(statement, index),
            };
            Check(rc);
        }
    }

    private void Step(sqlite3_stmt statement)
    {
        var step = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(step);
        }
    }

    // .NET's vectorised UTF-8 encoder into a reused buffer beats letting SQLite convert UTF-16 (and allocate) per cell;
    // SQLitePCL binds spans as SQLITE_TRANSIENT, so SQLite copies the bytes before the buffer is reused.
    private int BindText(sqlite3_stmt statement, int index, string s)
    {
        var max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var n = Encoding.UTF8.GetBytes(s, _utf8);
        return raw.sqlite3_bind_text(statement, index, new ReadOnlySpan<byte>(_utf8, 0, n));
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }
}
