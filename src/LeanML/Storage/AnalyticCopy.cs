using System.Data.Common;
using System.Globalization;
using LeanML.Ingestion.Internal;
using LeanML.Storage.Sqlite;

namespace LeanML.Storage;

/// <summary>
/// Brings the warehouse's analytic copy of the state store's append-only tables (events, assignments, the prediction
/// log) up to date: the rows after the last one copied (by the state store's rowid, which only grows), appended in one
/// warehouse transaction with the new marks. The server keeps writing the state store meanwhile; what it writes after
/// the read comes with the next refresh.
/// </summary>
internal static class AnalyticCopy
{
    // Each source with its columns and their kinds (t text, r real, i integer; upper case: may be NULL), as the copy's tables hold them.
    private static readonly (string Source, string Columns, string Kinds)[] Sources =
    [
        ("events", "id, unit, name, value, time_ms", "tttri"),
        ("assignments", "experiment, unit, variant, assigned_at_ms", "ttti"),
        ("prediction_log", "id, logged_at, project, run_id, inputs, output, prediction_id, row_id", "itttttTT"),
    ];

    /// <summary>Copies what is new in the workspace's SQLite state store into the warehouse; returns the rows copied.</summary>
    public static async Task<long> RefreshAsync(Database warehouse, Workspace.Workspace workspace, CancellationToken cancellationToken)
    {
        if (!warehouse.Engine.KeepsAnalyticCopies || !File.Exists(workspace.StatePath))
        {
            return 0;
        }

        await using var state = await Database.OpenReadOnlyAsync(SqliteEngine.Instance, SqliteEngine.ConnectionString(workspace.StatePath), StoreKind.State, cancellationToken).ConfigureAwait(false);
        if (!await HasTablesAsync(state, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        long copied = 0;
        await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (source, columns, kinds) in Sources)
        {
            var last = await LastAsync(warehouse, tx, source, cancellationToken).ConfigureAwait(false);
            await using var read = state.Command($"SELECT rowid, {columns} FROM {state.Engine.Meta(source)} WHERE rowid > @last ORDER BY rowid");
            read.Bind("@last", last);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var batch = new RowBatch(kinds.Length);
            var mark = last;
            await using (var rows = await warehouse.Engine.StartBatchCopyAsync(warehouse, tx, "leanml", source, kinds.Length, cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    mark = reader.GetInt64(0);
                    for (var i = 0; i < kinds.Length; i++)
                    {
                        if (char.IsUpper(kinds[i]) && reader.IsDBNull(i + 1))
                        {
                            batch.SetNull(i);
                            continue;
                        }

                        switch (char.ToLowerInvariant(kinds[i]))
                        {
                            case 'i':
                                batch.SetInteger(i, reader.GetInt64(i + 1));
                                break;
                            case 'r':
                                batch.SetReal(i, reader.GetDouble(i + 1));
                                break;
                            default:
                                batch.SetText(i, reader.GetString(i + 1));
                                break;
                        }
                    }

                    batch.EndRow(mark);
                    copied++;
                    if (batch.Count == RowBatch.Size)
                    {
                        await rows.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    await rows.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                await rows.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            if (mark != last)
            {
                await using var save = warehouse.Command($"INSERT INTO {warehouse.Engine.Meta("copied")} (source, last_rowid) VALUES (@s, @m) ON CONFLICT (source) DO UPDATE SET last_rowid = excluded.last_rowid", tx);
                save.Bind("@s", source);
                save.Bind("@m", mark);
                await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return copied;
    }

    /// <summary>True when the copy holds every row the state store has (a reader then needs no refresh first).</summary>
    public static async Task<bool> IsCurrentAsync(Database warehouse, Workspace.Workspace workspace, CancellationToken cancellationToken)
    {
        if (!warehouse.Engine.KeepsAnalyticCopies || !File.Exists(workspace.StatePath))
        {
            return true;
        }

        await using var state = await Database.OpenReadOnlyAsync(SqliteEngine.Instance, SqliteEngine.ConnectionString(workspace.StatePath), StoreKind.State, cancellationToken).ConfigureAwait(false);
        if (!await HasTablesAsync(state, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (source, _, _) in Sources)
        {
            await using var max = state.Command($"SELECT COALESCE(MAX(rowid), 0) FROM {state.Engine.Meta(source)}");
            var newest = Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (newest > await LastAsync(warehouse, tx, source, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<long> LastAsync(Database warehouse, DbTransaction tx, string source, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"SELECT last_rowid FROM {warehouse.Engine.Meta("copied")} WHERE source = @s", tx);
        cmd.Bind("@s", source);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is { } v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
    }

    // A state store not yet migrated (made by a newer command still starting, or not yet opened by this release) has
    // nothing to copy yet: the copy waits until its tables have every column copied.
    private static async Task<bool> HasTablesAsync(Database state, CancellationToken ct)
    {
        await using var cmd = state.Command("""
            SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('leanml_events', 'leanml_assignments', 'leanml_prediction_log'))
                 + (SELECT COUNT(*) FROM pragma_table_info('leanml_prediction_log') WHERE name IN ('prediction_id', 'row_id'))
            """);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) == 5;
    }
}
