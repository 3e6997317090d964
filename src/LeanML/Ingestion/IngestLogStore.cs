using LeanML.Internal;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using LeanML.Ingestion.Internal;
using LeanML.Storage;

namespace LeanML.Ingestion;

/// <summary>The ingest log and the column metadata of ingested tables, in the metadata store.</summary>
public sealed class IngestLogStore(Database warehouse) : MetadataStore(warehouse)
{
    private const string LogColumns = "load_id, file_path, sha256, size_bytes, format, table_name, mode, rows_read, rows_loaded, rows_quarantined, rows_updated, duplicates, warnings, schema_snapshot, started_at, finished_at, outcome, error, read_options, adapter";

    /// <summary>Appends one entry (inside the load's transaction when it loaded, outside when it failed).</summary>
    public async Task InsertAsync(IngestLogEntry e, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"""
            INSERT INTO {Table("ingest_log")} ({LogColumns}, after_commit)
            VALUES (@load_id, @file_path, @sha256, @size_bytes, @format, @table_name, @mode, @rows_read, @rows_loaded, @rows_quarantined, @rows_updated, @duplicates, @warnings, @schema_snapshot, @started_at, @finished_at, @outcome, @error, @read_options, @adapter, @after_commit)
            """, transaction);
        cmd.Bind("@load_id", e.LoadId);
        cmd.Bind("@file_path", e.FilePath);
        cmd.Bind("@sha256", e.Sha256);
        cmd.Bind("@size_bytes", e.SizeBytes);
        cmd.Bind("@format", e.Format);
        cmd.Bind("@table_name", e.Table);
        cmd.Bind("@mode", e.Mode);
        cmd.Bind("@rows_read", e.RowsRead);
        cmd.Bind("@rows_loaded", e.RowsLoaded);
        cmd.Bind("@rows_quarantined", e.RowsQuarantined);
        cmd.Bind("@rows_updated", e.RowsUpdated);
        cmd.Bind("@duplicates", e.Duplicates);
        cmd.Bind("@warnings", JsonSerializer.Serialize(e.Warnings, LeanMLJson.Plain.Info<IReadOnlyList<string>>()));
        cmd.Bind("@schema_snapshot", SerializeSchema(e.Schema));
        cmd.Bind("@started_at", Iso(e.StartedAt));
        cmd.Bind("@finished_at", Iso(e.FinishedAt));
        cmd.Bind("@outcome", e.Outcome);
        cmd.Bind("@error", e.Error);
        cmd.Bind("@read_options", e.ReadOptions);
        cmd.Bind("@adapter", e.Adapter);
        cmd.Bind("@after_commit", e.AfterCommit.Count == 0 ? null : SerializeStatements(e.AfterCommit));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A new load id: the next number, committed at once (outside any load's transaction) so that no other load can
    /// take it, whatever happens to this one.
    /// </summary>
    public async Task<string> NextLoadIdAsync(string table, string file, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"INSERT INTO {Table("load_ids")} (table_name, file_path, created_at) VALUES (@t, @f, @at) RETURNING id");
        cmd.Bind("@t", table);
        cmd.Bind("@f", file);
        cmd.Bind("@at", Iso(at));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The log, newest first; of one table, or of all.</summary>
    public async Task<IReadOnlyList<IngestLogEntry>> ListAsync(string? table = null, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT {LogColumns} FROM {Table("ingest_log")} {(table is null ? "" : "WHERE table_name = @t")} ORDER BY started_at DESC, load_id DESC", transaction);
        if (table is not null)
        {
            cmd.Bind("@t", table);
        }

        return await ReadAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A load by its id or a unique prefix of it; null when none matches.</summary>
    public async Task<IngestLogEntry?> FindAsync(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT {LogColumns} FROM {Table("ingest_log")} WHERE load_id = @id OR load_id LIKE @prefix ORDER BY load_id LIMIT 2");
        cmd.Bind("@id", idOrPrefix);
        cmd.Bind("@prefix", idOrPrefix.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%");
        var list = await ReadAsync(cmd, cancellationToken).ConfigureAwait(false);
        var exact = list.FirstOrDefault(e => e.LoadId == idOrPrefix);
        if (exact is not null)
        {
            return exact;
        }

        return list.Count switch
        {
            0 => null,
            1 => list[0],
            _ => throw new LeanMLInputException($"the load id prefix '{idOrPrefix}' matches several loads; give more characters.", field: "LOAD"),
        };
    }

    /// <summary>
    /// The load that already brought these exact bytes, read the same way (<paramref name="readOptions"/>), into the
    /// table and whose rows are still there (no later replace), or null. With <paramref name="replacing"/> (--mode
    /// replace), only a table that holds that load's rows alone counts: replacing a table of several files with one of
    /// them changes it.
    /// </summary>
    public async Task<IngestLogEntry?> EffectiveLoadOfAsync(string table, string sha256, string readOptions, bool replacing, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var loads = (await ListAsync(table, transaction, cancellationToken).ConfigureAwait(false)).Where(l => l.Outcome == "loaded").ToList();
        bool Same(IngestLogEntry load) => load.Sha256 == sha256 && load.ReadOptions == readOptions;
        if (replacing)
        {
            return loads.Count > 0 && Same(loads[0]) && (loads[0].Mode == "replace" || loads.Count == 1) ? loads[0] : null;
        }

        foreach (var load in loads)
        {
            if (Same(load))
            {
                return load;
            }

            if (load.Mode == "replace")
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The latest load, other than <paramref name="exceptLoad"/>, of these exact bytes read the same way (into any table)
    /// that the vendor adapter <paramref name="adapter"/> mapped into its canonical table; null when none.
    /// </summary>
    public async Task<string?> AdaptedLoadOfAsync(string sha256, string readOptions, string adapter, string exceptLoad, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT load_id FROM {Table("ingest_log")} WHERE sha256 = @sha AND COALESCE(read_options, '') = @read AND outcome = 'loaded' AND adapter = @adapter AND after_commit IS NULL AND load_id <> @load ORDER BY finished_at DESC LIMIT 1", transaction);
        cmd.Bind("@sha", sha256);
        cmd.Bind("@read", readOptions);
        cmd.Bind("@adapter", adapter);
        cmd.Bind("@load", exceptLoad);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>The column metadata of an ingested table in column order; empty when LeanML did not create it.</summary>
    public async Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(string table, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT column_name, original_name, type, unit FROM {Table("columns")} WHERE table_name = @t ORDER BY ordinal", transaction);
        cmd.Bind("@t", table);
        var list = new List<ColumnInfo>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ColumnInfo(r.GetString(0), r.GetString(1), ColumnTypes.Parse(r.GetString(2)) ?? ColumnType.Text, r.IsDBNull(3) ? null : r.GetString(3)));
        }

        return list;
    }

    /// <summary>Replaces the column metadata of a table (inside the load's transaction).</summary>
    /// <remarks>
    /// Rows that stay are updated in place and only vanished ones deleted: deleting and re-inserting one primary key in a
    /// transaction makes DuckDB 1.5 abort the process (an internal error) when that transaction's commit then fails,
    /// e.g. on a full disk, instead of rolling back.
    /// </remarks>
    public async Task SaveColumnsAsync(string table, IReadOnlyList<ColumnInfo> columns, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        var existing = new Dictionary<string, (int Ordinal, string Original, string Type, string? Unit)>(StringComparer.Ordinal);
        await using (var read = Database.Command($"SELECT column_name, ordinal, original_name, type, unit FROM {Table("columns")} WHERE table_name = @t", transaction))
        {
            read.Bind("@t", table);
            await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing[r.GetString(0)] = (Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4));
            }
        }

        var keep = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in existing.Keys.Where(k => !keep.Contains(k)))
        {
            await using var delete = Database.Command($"DELETE FROM {Table("columns")} WHERE table_name = @t AND column_name = @c", transaction);
            delete.Bind("@t", table);
            delete.Bind("@c", gone);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var type = c.Type.Name();
            string sql;
            if (existing.TryGetValue(c.Name, out var old))
            {
                if (old == (i, c.OriginalName, type, c.Unit))
                {
                    continue;
                }

                sql = $"UPDATE {Table("columns")} SET ordinal = @o, original_name = @n, type = @type, unit = @u WHERE table_name = @t AND column_name = @c";
            }
            else
            {
                sql = $"INSERT INTO {Table("columns")} (table_name, column_name, ordinal, original_name, type, unit) VALUES (@t, @c, @o, @n, @type, @u)";
            }

            await using var write = Database.Command(sql, transaction);
            write.Bind("@t", table);
            write.Bind("@c", c.Name);
            write.Bind("@o", i);
            write.Bind("@n", c.OriginalName);
            write.Bind("@type", type);
            write.Bind("@u", c.Unit);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the statements load <paramref name="loadId"/> left to run after its commit, in one transaction with
    /// clearing them from its log row; the rows each changed. Not to be cancelled: the load has committed.
    /// </summary>
    public async Task<IReadOnlyList<long>> RunAfterCommitAsync(string loadId, IReadOnlyList<DeferredStatement> statements)
    {
        await using var tx = await Database.Connection.BeginTransactionAsync().ConfigureAwait(false);
        var counts = new List<long>();
        foreach (var statement in statements)
        {
            counts.Add(await statement.ExecuteAsync(Database, tx).ConfigureAwait(false));
        }

        await using (var clear = Database.Command($"UPDATE {Table("ingest_log")} SET after_commit = NULL WHERE load_id = @id", tx))
        {
            clear.Bind("@id", loadId);
            await clear.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await tx.CommitAsync().ConfigureAwait(false);
        return counts;
    }

    /// <summary>
    /// Runs what loads left to run after their commit and did not (killed between the two commits, or the work
    /// failed): at every open of the warehouse for writing, before anything reads. Never fails the open: a load whose
    /// work fails again stays pending, tried at the next open, and is told in the warnings returned; one whose table is
    /// gone has nothing left to map and is let go. The warnings, one a load, for the user.
    /// </summary>
    public async Task<IReadOnlyList<string>> FinishAfterCommitAsync(CancellationToken cancellationToken = default)
    {
        var pending = new List<(string LoadId, string Table, string Json)>();
        await using (var cmd = Database.Command($"SELECT load_id, table_name, after_commit FROM {Table("ingest_log")} WHERE after_commit IS NOT NULL ORDER BY finished_at, load_id"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                pending.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
            }
        }

        var warnings = new List<string>();
        foreach (var (loadId, table, json) in pending)
        {
            if (!await TableDdl.ExistsAsync(Database, null, table, cancellationToken).ConfigureAwait(false))
            {
                await using var clear = Database.Command($"UPDATE {Table("ingest_log")} SET after_commit = NULL, adapter = NULL WHERE load_id = @id");
                clear.Bind("@id", loadId);
                await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                warnings.Add($"load {loadId} was never mapped into its canonical table, and its table '{table}' is gone: nothing is left to map.");
                continue;
            }

            try
            {
                await RunAfterCommitAsync(loadId, DeserializeStatements(json)).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                warnings.Add(AfterCommitFailed(loadId, table, ex));
            }
        }

        return warnings;
    }

    /// <summary>What to tell the user when the work load <paramref name="loadId"/> left to run after its commit fails; it stays pending.</summary>
    public static string AfterCommitFailed(string loadId, string table, Exception error)
    {
        var why = (EnvironmentFaults.Classify(error)?.Message ?? error.Message).Split('\n')[0].Trim().TrimEnd('.') + ".";
        return $"the rows of load {loadId} are in '{table}', but mapping them into their canonical table failed: {why} LeanML tries again at every command until it works; if a canonical table was changed by hand, put it back or drop it (it is made anew).";
    }

    /// <summary>Whether a load left work to run after its commit that has not run (a reader then waits for an open for writing to finish it).</summary>
    public async Task<bool> HasAfterCommitAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT COUNT(*) FROM {Table("ingest_log")} WHERE after_commit IS NOT NULL");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    // A statement as {"sql": …, and each parameter by name}.
    private static string SerializeStatements(IReadOnlyList<DeferredStatement> statements) =>
        JsonSerializer.Serialize(statements.Select(s => new Dictionary<string, string?>(s.Parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))) { ["sql"] = s.Sql }).ToList(), LeanMLJson.Plain.Info<List<Dictionary<string, string?>>>());

    private static List<DeferredStatement> DeserializeStatements(string json) =>
        (JsonSerializer.Deserialize(json, LeanMLJson.Plain.Info<List<Dictionary<string, string?>>>()) ?? [])
            .Select(d => new DeferredStatement(d["sql"]!, d.Where(p => p.Key != "sql").ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal)))
            .ToList();

    private static string SerializeSchema(IReadOnlyList<ColumnInfo> schema) =>
        JsonSerializer.Serialize(schema.Select(c => new Dictionary<string, string?> { ["name"] = c.Name, ["original_name"] = c.OriginalName, ["type"] = c.Type.Name(), ["unit"] = c.Unit }).ToList(), LeanMLJson.Plain.Info<List<Dictionary<string, string?>>>());

    private static List<ColumnInfo> DeserializeSchema(string json) =>
        (JsonSerializer.Deserialize(json, LeanMLJson.Plain.Info<List<Dictionary<string, string?>>>()) ?? [])
            .Select(d => new ColumnInfo(d["name"] ?? "", d["original_name"] ?? "", ColumnTypes.Parse(d["type"] ?? "text") ?? ColumnType.Text, d.GetValueOrDefault("unit")))
            .ToList();

    private static async Task<List<IngestLogEntry>> ReadAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<IngestLogEntry>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new IngestLogEntry(
                r.GetString(0), r.GetString(1), r.GetString(2), Long(r, 3), r.GetString(4), r.GetString(5), r.GetString(6),
                Long(r, 7), Long(r, 8), Long(r, 9), Long(r, 10), Long(r, 11),
                JsonSerializer.Deserialize(r.GetString(12), LeanMLJson.Plain.Info<List<string>>()) ?? [],
                DeserializeSchema(r.GetString(13)),
                DateTimeOffset.Parse(r.GetString(14), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(15), CultureInfo.InvariantCulture),
                r.GetString(16),
                r.IsDBNull(17) ? null : r.GetString(17))
            {
                ReadOptions = r.IsDBNull(18) ? "" : r.GetString(18),
                Adapter = r.IsDBNull(19) ? null : r.GetString(19),
            });
        }

        return list;
    }

    private static long Long(DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

}
