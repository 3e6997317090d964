using System.Globalization;
using System.Text;
using LeanML.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// The SQLite bulk path: prepared INSERTs bound by position straight through SQLite's C API and reused inside the load's
/// transaction (ADO.NET binds parameters by name on every execution, which dominates a bulk load). Rows go
/// <see cref="RowsPerStatement"/> at a time through a multi-row VALUES statement; the rest of a batch through a one-row
/// one. Cells are bound through <see cref="SqliteNative"/>, text as the batch's UTF-8 bytes in place. The load id is the same on every row: all rows of a statement share
/// one parameter for it, bound once (SQLite keeps bindings across executions). The WAL is flushed to disk behind the
/// load (<see cref="WalWriteBehind"/>).
/// </summary>
internal sealed class SqliteInsertSink : RowSink
{
    /// <summary>Rows per multi-row INSERT: fewer statement executions, well under SQLite's variable limit.</summary>
    public const int RowsPerStatement = 32;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _many;
    private readonly sqlite3_stmt _one;
    private readonly nint _manyHandle;
    private readonly nint _oneHandle;
    private readonly int _width;
    private readonly WalWriteBehind? _writeBehind;

    /// <summary>Prepares the INSERTs of <paramref name="columns"/>: the file's columns, then _load_id and _source_line.</summary>
    public SqliteInsertSink(SqliteConnection connection, string table, IReadOnlyList<string> columns, string loadId)
    {
        _db = connection.Handle!;
        _width = columns.Count - 2;
        var head = $"INSERT INTO {SqlNames.Quote(table)} ({string.Join(", ", columns.Select(SqlNames.Quote))}) VALUES ";
        SqliteNative.Check(_db, raw.sqlite3_prepare_v2(_db, head + Values(1), out _one));
        SqliteNative.Check(_db, raw.sqlite3_prepare_v2(_db, head + Values(RowsPerStatement), out _many));
        var id = Encoding.UTF8.GetBytes(loadId);
        SqliteNative.Check(_db, raw.sqlite3_bind_text(_one, LoadIdParameter, id));
        SqliteNative.Check(_db, raw.sqlite3_bind_text(_many, LoadIdParameter, id));
        _oneHandle = _one.DangerousGetHandle();
        _manyHandle = _many.DangerousGetHandle();
        var path = raw.sqlite3_db_filename(_db, "main").utf8_to_string();
        _writeBehind = string.IsNullOrEmpty(path) ? null : new WalWriteBehind(path);
    }

    // Each row has its own parameters for the file's columns and its line; the shared load id comes after them all.
    private int RowParameters => _width + 1;

    private int LoadIdParameter => (RowsPerStatement * RowParameters) + 1;

    public override ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        // Holding the connection's (recursive) mutex for the whole batch turns the lock every bind and step takes
        // into a cheap re-entry; the connection is the load's alone meanwhile. (SQLite stays in serialized mode: in
        // multi-thread mode a statement finalized by the GC's finalizer thread could race its connection's owner.)
        var mutex = SqliteNative.DbMutex(_db.DangerousGetHandle());
        SqliteNative.MutexEnter(mutex);
        try
        {
            WriteRows(batch);
        }
        finally
        {
            SqliteNative.MutexLeave(mutex);
        }

        return ValueTask.FromResult(0L);
    }

    private void WriteRows(RowBatch batch)
    {
        var r = 0;
        for (; r + RowsPerStatement <= batch.Count; r += RowsPerStatement)
        {
            for (var k = 0; k < RowsPerStatement; k++)
            {
                Bind(_manyHandle, batch, r + k, k * RowParameters);
            }

            Step(_manyHandle);
        }

        for (; r < batch.Count; r++)
        {
            Bind(_oneHandle, batch, r, 0);
            Step(_oneHandle);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _many.Dispose();
        _one.Dispose();
        if (_writeBehind is not null)
        {
            await _writeBehind.DisposeAsync().ConfigureAwait(false);
        }
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
                sb.Append('?').Append(p++.ToString(CultureInfo.InvariantCulture)).Append(", ");
            }

            sb.Append('?').Append(LoadIdParameter.ToString(CultureInfo.InvariantCulture));
            sb.Append(", ?").Append(p++.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        return sb.ToString();
    }

    private void Bind(nint statement, RowBatch batch, int row, int offset)
    {
        for (var c = 0; c < _width; c++)
        {
            var index = offset + c + 1;
            var rc = batch.Kind(row, c) switch
            {
                CellKind.Integer => SqliteNative.BindInt64(statement, index, batch.Integer(row, c)),
                CellKind.Real => SqliteNative.BindDouble(statement, index, batch.Real(row, c)),
                CellKind.Text => SqliteNative.BindText(statement, index, batch.Utf8Address(row, c), batch.Utf8(row, c).Length, SqliteNative.Static),
                _ => SqliteNative.BindNull(statement, index),
            };
            SqliteNative.Check(_db, rc);
        }

        SqliteNative.Check(_db, SqliteNative.BindInt64(statement, offset + RowParameters, batch.Line(row)));
    }

    private void Step(nint statement)
    {
        var step = SqliteNative.Step(statement);
        SqliteNative.Reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            SqliteNative.Check(_db, step);
        }
    }
}
