using LeanML.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// The SQLite bulk path: one prepared INSERT, bound by position straight through SQLite's C API and reused for every
/// row inside the load's transaction (ADO.NET binds parameters by name on every execution, which dominates a bulk load).
/// </summary>
internal sealed class SqliteInsertSink : RowSink
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[4096];

    public SqliteInsertSink(SqliteConnection connection, string table, IReadOnlyList<string> columns)
    {
        _db = connection.Handle!;
        var names = string.Join(", ", columns.Select(SqlNames.Quote));
        var values = string.Join(", ", columns.Select((_, i) => "?" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var rc = raw.sqlite3_prepare_v2(_db, $"INSERT INTO {SqlNames.Quote(table)} ({names}) VALUES ({values})", out _statement);
        Check(rc);
    }

    public override ValueTask<bool> WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var rc = row[i] switch
            {
                long l => raw.sqlite3_bind_int64(_statement, i + 1, l),
                double d => raw.sqlite3_bind_double(_statement, i + 1, d),
                string s => BindText(i + 1, s),
                int n => raw.sqlite3_bind_int64(_statement, i + 1, n),
                _ => raw.sqlite3_bind_null(_statement, i + 1),
            };
            Check(rc);
        }

        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(step);
        }

        return ValueTask.FromResult(false);
    }

    // .NET's vectorised UTF-8 encoder into a reused buffer beats letting SQLite convert UTF-16 (and allocate) per cell.
    private int BindText(int index, string s)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var n = System.Text.Encoding.UTF8.GetBytes(s, _utf8);
        return raw.sqlite3_bind_text(_statement, index, new ReadOnlySpan<byte>(_utf8, 0, n));
    }

    public override ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }
}
