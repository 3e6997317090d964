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

    /// <summary>Runs <paramref name="sql"/> and fills one buffer per result column; columns in <paramref name="skip"/> are left empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe List<ColumnBuffer> Read(SqliteConnection connection, string sql, IReadOnlySet<string> skip, CancellationToken cancellationToken)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
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
            // Holding the connection's (recursive) mutex for the whole loop turns the lock every getter takes into a
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
                        switch (SqliteNative.ColumnType(stmt, i))
                        {
                            case raw.SQLITE_INTEGER:
                                buffer.AddNumber(SqliteNative.ColumnInt64(stmt, i));
                                break;
                            case raw.SQLITE_FLOAT:
                                buffer.AddNumber(SqliteNative.ColumnDouble(stmt, i));
                                break;
                            case raw.SQLITE_TEXT:
                                // For a TEXT value sqlite3_column_blob gives its UTF-8 bytes (the database encoding).
                                var text = SqliteNative.ColumnBlob(stmt, i);
                                buffer.AddText(new ReadOnlySpan<byte>(text, SqliteNative.ColumnBytes(stmt, i)));
                                break;
                            case raw.SQLITE_NULL:
                                buffer.Add(null);
                                break;
                            default:
                                buffer.Add(new ReadOnlySpan<byte>(SqliteNative.ColumnBlob(stmt, i), SqliteNative.ColumnBytes(stmt, i)).ToArray());
                                break;
                        }
                    }
                }

                Check(db, rc);
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

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }
}
