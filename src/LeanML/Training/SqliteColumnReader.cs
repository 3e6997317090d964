using System.Runtime.CompilerServices;
using LeanML.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LeanML.Training;

/// <summary>
/// The SQLite fast path of reading a training query into columns: the statement is stepped through SQLite's C API
/// and each value goes straight into its <see cref="ColumnBuffer"/> by its storage class (one type check and one typed
/// read per value, text looked up without allocating a string), instead of ADO.NET's per-value type and null checks.
/// </summary>
internal static class SqliteColumnReader
{
    /// <summary>Rows between two cancellation checks.</summary>
    private const int CheckEvery = 8192;

    /// <summary>
    /// Runs <paramref name="sql"/> and fills one buffer per result column; columns in <paramref name="skip"/> are left
    /// empty. A warehouse file is read through a connection of its own, read-only and without SQLite's per-connection
    /// mutex ("multi-thread" mode: safe as it is used by this thread alone and closed here), which every column getter
    /// would otherwise take and release; that locking was a sixth of a million-row read.
    /// </summary>
    public static List<ColumnBuffer> Read(SqliteConnection connection, string sql, IReadOnlySet<string> skip, CancellationToken cancellationToken)
    {
        var path = raw.sqlite3_db_filename(connection.Handle!, "main").utf8_to_string();
        if (string.IsNullOrEmpty(path))
        {
            return Read(connection.Handle!, sql, skip, cancellationToken);   // an in-memory database: only this connection sees it
        }

        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        using (db)
        {
            SqliteNative.Check(db, rc);
            SqliteNative.Check(db, raw.sqlite3_busy_timeout(db, Warehouse.BusyTimeoutMilliseconds));
            return Read(db, sql, skip, cancellationToken);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe List<ColumnBuffer> Read(sqlite3 db, string sql, IReadOnlySet<string> skip, CancellationToken cancellationToken)
    {
        SqliteNative.Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            var count = raw.sqlite3_column_count(statement);
            var buffers = new List<ColumnBuffer>(count);
            var read = new List<int>(count);
            for (var i = 0; i < count; i++)
            {
                buffers.Add(new ColumnBuffer(raw.sqlite3_column_name(statement, i).utf8_to_string()));
                if (!skip.Contains(buffers[i].Name))
                {
                    read.Add(i);
                }
            }

            TrainingSetReader.CheckUniqueNames(buffers);
            var columns = read.ToArray();
            var targets = buffers.ToArray();
            var added = false;
            statement.DangerousAddRef(ref added);
            // On a connection with a mutex, holding it for the whole loop turns the lock every getter takes into a
            // cheap re-entry; the connection is ours alone meanwhile anyway.
            var mutex = SqliteNative.DbMutex(db.DangerousGetHandle());
            SqliteNative.MutexEnter(mutex);
            try
            {
                var stmt = statement.DangerousGetHandle();
                int rc;
                for (var row = 0; (rc = SqliteNative.Step(stmt)) == raw.SQLITE_ROW; row++)
                {
                    if (row % CheckEvery == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    foreach (var i in columns)
                    {
                        var buffer = targets[i];
                        var value = SqliteNative.ColumnValue(stmt, i);
                        switch (SqliteNative.ValueType(value))
                        {
                            case raw.SQLITE_INTEGER:
                                buffer.AddNumber(SqliteNative.ValueInt64(value));
                                break;
                            case raw.SQLITE_FLOAT:
                                buffer.AddNumber(SqliteNative.ValueDouble(value));
                                break;
                            case raw.SQLITE_TEXT:
                                // sqlite3_value_blob of a TEXT value gives its UTF-8 bytes (the database encoding).
                                buffer.AddText(new ReadOnlySpan<byte>(SqliteNative.ValueBlob(value), SqliteNative.ValueBytes(value)));
                                break;
                            case raw.SQLITE_NULL:
                                buffer.Add(null);
                                break;
                            default:
                                buffer.Add(new ReadOnlySpan<byte>(SqliteNative.ValueBlob(value), SqliteNative.ValueBytes(value)).ToArray());
                                break;
                        }
                    }
                }

                SqliteNative.Check(db, rc);
            }
            finally
            {
                SqliteNative.MutexLeave(mutex);
                if (added)
                {
                    statement.DangerousRelease();
                }
            }

            return buffers;
        }
    }
}
