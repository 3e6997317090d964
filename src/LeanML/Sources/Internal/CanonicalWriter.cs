using System.Data.Common;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Sources.Identity;
using LeanML.Storage;

namespace LeanML.Sources.Internal;

/// <summary>
/// Writes an export's rows into its canonical table inside the load's transaction (or, mapped in SQL on DuckDB, right
/// after it commits: <see cref="LoadedFile.Defer"/>): mapped (in SQL where the export has
/// a SQL form, else row by row into a staging table), the last row of each source id kept, the table's rows of those
/// (vendor, source id) pairs replaced — so a re-import changes nothing and a later export's status or refund updates
/// the earlier row. SQL for DuckDB and PostgreSQL.
/// </summary>
internal static class CanonicalWriter
{
    private const int PageSize = 100_000;

    /// <summary>
    /// Writes the load's canonical rows; the result. Where the engine maps after the load commits
    /// (<see cref="LoadedFile.Defer"/>), the result counts every mapped row as new and <paramref name="committed"/> is
    /// told the final one.
    /// </summary>
    public static async Task<AdapterResult> WriteAsync(LoadedFile loaded, ExportMatch match, IReadOnlyDictionary<string, string> rename, bool gmailFolding, bool rowByRow, Action<AdapterResult> committed, CancellationToken ct)
    {
        var (w, tx) = (loaded.Warehouse, loaded.Transaction);
        var export = match.Export;
        var table = export.Target;
        await EnsureTableAsync(w, tx, table, ct).ConfigureAwait(false);

        // The raw column that carries each field, matched on the header after renames.
        var byHeader = loaded.FileColumns.GroupBy(c => Rename(c.OriginalName, rename), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var fields = match.Columns.ToDictionary(p => p.Key, p => byHeader[p.Value], StringComparer.Ordinal);
        AdapterResult? setBased = null;
        if (!rowByRow && await MapInSqlAsync(loaded, match, fields, (mapped, updated) => committed(setBased! with { Inserted = mapped - updated, Updated = updated }), ct).ConfigureAwait(false) is { } set)
        {
            return setBased = new AdapterResult(export.Id, export.Title, table.Name, set.Mapped - set.Updated, set.Updated, set.Skipped, 0) { SetBased = true };
        }

        var keys = match.Columns.Keys.ToList();
        var ordinals = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        var select = string.Join(", ", keys.Select(k => w.Engine.Quote(fields[k].Name)));
        var stage = $"stage_{table.Name}_{loaded.LoadId}";
        var quotedStage = $"leanml.{w.Engine.Quote(stage)}";
        await ExecAsync(w, tx, $"CREATE TABLE {quotedStage} AS SELECT * FROM {w.Engine.Quote(table.Name)} WHERE 1 = 0", ct).ConfigureAwait(false);

        long mapped = 0, skipped = 0;
        var refunds = new List<(string Id, double Amount)>();
        var row = new ExportRow(ordinals, Path.GetFileName(loaded.File), export.Vendor);
        var isCustomers = table.Name == CanonicalSchema.Customers.Name;
        var (personKey, rule) = isCustomers ? (table.IndexOf("person_key"), table.IndexOf("identity_rule")) : (-1, -1);
        var emailAt = isCustomers ? table.IndexOf("email") : -1;
        await using (var writer = w.Engine.StartRowWriter(w, tx, "leanml", stage, table.Columns.Count))
        {
            // Pages of raw rows in line order: an engine may not write on a connection while a reader is open on it.
            var after = long.MinValue;
            var page = new List<object?[]>(PageSize);
            while (true)
            {
                page.Clear();
                long read = 0;
                await using (var cmd = w.Command($"SELECT {select}{(select.Length > 0 ? ", " : "")}\"_source_line\" FROM {w.Engine.Quote(loaded.Table)} WHERE {loaded.LoadIdMatch()} AND \"_source_line\" > @after ORDER BY \"_source_line\" LIMIT {PageSize}", tx))
                {
                    cmd.Bind("load", loaded.LoadId).Bind("after", after);
                    await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        read++;
                        row.Next(reader);
                        after = row.Line;
                        if (export.Map(row) is not { } canonical)
                        {
                            skipped++;
                            continue;
                        }

                        if (canonical.RefundAmount is { } refund)
                        {
                            refunds.Add((canonical.SourceId!, refund));
                            continue;
                        }

                        if (isCustomers)
                        {
                            var person = EmailIdentity.Resolve(canonical.Values[emailAt] as string, export.Vendor, canonical.SourceId!, gmailFolding);
                            canonical.Values[personKey] = person.PersonKey;
                            canonical.Values[rule] = person.Rule;
                        }

                        var cells = canonical.Values;
                        for (var i = 0; i < cells.Length; i++)
                        {
                            cells[i] = cells[i] switch
                            {
                                bool b => b ? 1L : 0L,
                                DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Unspecified),
                                var v => v,
                            };
                        }

                        page.Add(cells);
                    }
                }

                foreach (var cells in page)
                {
                    await writer.WriteAsync(cells, ct).ConfigureAwait(false);
                }

                mapped += page.Count;
                if (read < PageSize)
                {
                    break;
                }
            }

            await writer.CompleteAsync(ct).ConfigureAwait(false);
        }

        var q = w.Engine.Quote(table.Name);
        var columns = string.Join(", ", table.Columns.Select(c => w.Engine.Quote(c.Name)));

        // A file may carry a record twice (an overlapping export concatenated): its last line wins.
        var distinct = await ScalarAsync(w, tx, $"SELECT COUNT(DISTINCT source_id) FROM {quotedStage}", ct).ConfigureAwait(false);
        skipped += mapped - distinct;

        // The table holds one row per (vendor, source id), so the rows deleted for the staged ids are the updated records.
        var updated = await ExecAsync(w, tx, $"DELETE FROM {q} WHERE source_vendor = @vendor AND source_id IN (SELECT source_id FROM {quotedStage})", ct, export.Vendor).ConfigureAwait(false);
        await ExecAsync(w, tx, $"INSERT INTO {q} ({columns}) SELECT {columns} FROM ({LastLineOfEachId($"SELECT * FROM {quotedStage}")}) x WHERE leanml_rank = 1", ct).ConfigureAwait(false);
        await ExecAsync(w, tx, $"DROP TABLE {quotedStage}", ct).ConfigureAwait(false);

        // Refunds (Square's Refund rows) update their payment, whichever load brought it; several add up, and a later
        // export's refunds of a payment replace an earlier one's. A refund whose payment is not loaded yet waits for
        // the load that brings it (exports loaded out of order); this load's refunds of a payment replace waiting ones.
        var pendingRefunds = w.Engine.Meta("pending_refunds");
        var waited = new List<(string Id, double Amount)>();
        if (refunds.Count > 0 || (mapped > 0 && table.Name == CanonicalSchema.Payments.Name))
        {
            await using var cmd = w.Command($"SELECT source_id, refund_amount FROM {pendingRefunds} WHERE source_vendor = @vendor AND source_id IN (SELECT source_id FROM {q} WHERE source_vendor = @vendor)", tx);
            cmd.Bind("vendor", export.Vendor);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                waited.Add((r.GetString(0), Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture)));
            }
        }

        long applied = 0, waiting = 0;
        var inFile = refunds.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var group in refunds.Concat(waited.Where(r => !inFile.Contains(r.Id))).GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            var amount = Math.Round(group.Sum(r => r.Amount), 2);
            await using var update = w.Command(
                $"UPDATE {q} SET refund_amount = @refund, status = CASE WHEN status = 'failed' THEN status WHEN @refund >= amount - 0.005 THEN 'refunded' ELSE 'partially_refunded' END "
                + "WHERE source_vendor = @vendor AND source_id = @id", tx);
            update.Bind("refund", amount).Bind("vendor", export.Vendor).Bind("id", group.Key);
            if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0)
            {
                applied += group.Count();
                continue;
            }

            await using (var replaced = w.Command($"DELETE FROM {pendingRefunds} WHERE source_vendor = @vendor AND source_id = @id AND load_id <> @load", tx))
            {
                replaced.Bind("vendor", export.Vendor).Bind("id", group.Key).Bind("load", loaded.LoadId);
                await replaced.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            foreach (var refund in group)
            {
                await using var keep = w.Command($"INSERT INTO {pendingRefunds} (source_vendor, source_id, refund_amount, load_id) VALUES (@vendor, @id, @refund, @load)", tx);
                keep.Bind("vendor", export.Vendor).Bind("id", refund.Id).Bind("refund", refund.Amount).Bind("load", loaded.LoadId);
                await keep.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                waiting++;
            }
        }

        if (waited.Count > 0)
        {
            await ExecAsync(w, tx, $"DELETE FROM {pendingRefunds} WHERE source_vendor = @vendor AND source_id IN (SELECT source_id FROM {q} WHERE source_vendor = @vendor) AND load_id <> @load", ct, export.Vendor, loaded.LoadId).ConfigureAwait(false);
        }

        if (isCustomers)
        {
            await IdentityService.RefreshLinksAsync(w, tx, ct).ConfigureAwait(false);
        }

        return new AdapterResult(export.Id, export.Title, table.Name, distinct - updated, updated, skipped, applied) { SetBased = false, RefundsWaiting = waiting };
    }

    /// <summary>
    /// Maps the whole load straight into the canonical table with one INSERT … SELECT run by the warehouse engine, the
    /// last line of each source id only, after deleting the table's rows of those ids (the updated records), when
    /// the export has a SQL form and every field it reads is stored in a type that form reads exactly; null otherwise
    /// (the caller maps row by row). Reading a million rows back into managed code cost most of an adapter's time, and
    /// each extra million-row table written inside the transaction about 4 s: this does neither. Mapped: the rows
    /// written; skipped: the load's other rows (blank id, repeats). Where the engine runs it after the load commits,
    /// updated is not known yet: <paramref name="committed"/> is told the rows written and updated then.
    /// </summary>
    private static async Task<(long Mapped, long Updated, long Skipped)?> MapInSqlAsync(LoadedFile loaded, ExportMatch match, Dictionary<string, ColumnInfo> fields, Action<long, long> committed, CancellationToken ct)
    {
        var (w, tx, export) = (loaded.Warehouse, loaded.Transaction, match.Export);
        if (export.SqlMap is not { } sqlMap || export.Target.Name == CanonicalSchema.Customers.Name)
        {
            // (Customers take their person key from the identity rules, which run in managed code.)
            return null;
        }

        var sql = new ExportSql(w.Engine, fields);
        var map = sqlMap(sql);
        if (!sql.Portable)
        {
            return null;
        }

        // Every value cast to its column's type: PostgreSQL inserts no untyped NULL or text literal into a timestamp.
        var table = export.Target;
        var lineage = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source_vendor"] = "@vendor",
            ["source_id"] = map["source_id"],
            ["source_file"] = "@file",
            ["source_line"] = "\"_source_line\"",
        };
        var values = table.Columns.Select(c => $"CAST({(lineage.TryGetValue(c.Name, out var l) ? l : map.TryGetValue(c.Name, out var e) ? e : "NULL")} AS {w.Engine.SqlType(c.Type)}) AS {w.Engine.Quote(c.Name)}");
        var columns = string.Join(", ", table.Columns.Select(c => w.Engine.Quote(c.Name)));
        var (q, raw) = (w.Engine.Quote(table.Name), w.Engine.Quote(loaded.Table));
        var key = map["source_id"];
        var ids = $"SELECT {key} FROM {raw} WHERE {loaded.LoadIdMatch()}";

        // The load's rows, those with a source id, and its distinct ids: ranking every row by line to keep each id's
        // last cost a third of the mapping on a million rows, and most exports repeat no id.
        long rows, keyed, distinct;
        await using (var count = w.Command($"SELECT COUNT(*), COUNT(k), COUNT(DISTINCT k) FROM (SELECT {key} AS k FROM {raw} WHERE {loaded.LoadIdMatch()}) x", tx))
        {
            count.Bind("load", loaded.LoadId);
            await using var reader = await count.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            (rows, keyed, distinct) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        // The table holds one row per (vendor, source id), so the rows deleted for the load's ids are the updated records.
        var mappedRows = $"SELECT {string.Join(", ", values)} FROM {raw} WHERE {loaded.LoadIdMatch()} AND ({key}) IS NOT NULL";
        var source = distinct < keyed ? $"SELECT {columns} FROM ({LastLineOfEachId(mappedRows)}) x WHERE leanml_rank = 1" : mappedRows;
        var ofLoad = new Dictionary<string, string>(StringComparer.Ordinal) { ["vendor"] = export.Vendor, ["load"] = loaded.LoadId };
        DeferredStatement[] statements =
        [
            new($"DELETE FROM {q} WHERE source_vendor = @vendor AND source_id IN ({ids})", ofLoad),
            new($"INSERT INTO {q} ({columns}) {source}", new Dictionary<string, string>(ofLoad, StringComparer.Ordinal) { ["file"] = Path.GetFileName(loaded.File) }),
        ];
        var mapped = distinct < keyed ? distinct : keyed;
        if (w.Engine.ScansOwnWritesOnOneThread)
        {
            // On one thread inside the load's transaction: after its commit, on all (1M Stripe rows: 4.5 s against 2.7 s).
            // The table first, should it have been dropped since (a mapping finished at a later open).
            var empty = new Dictionary<string, string>(StringComparer.Ordinal);
            loaded.Defer([new(CreateSql(w, table, ifNotExists: true), empty), .. statements], counts => committed(counts[2], counts[1]));
            return (mapped, 0, rows - mapped);
        }

        var updated = await statements[0].ExecuteAsync(w, tx, ct).ConfigureAwait(false);
        var inserted = await statements[1].ExecuteAsync(w, tx, ct).ConfigureAwait(false);
        return (inserted, updated, rows - inserted);
    }

    /// <summary>
    /// The earlier load of these exact bytes read the same way (any file name, any raw table) that this export's
    /// adapter mapped, or null: mapping a copy again would put that export's older values back over a later export's.
    /// Read another way (--dayfirst after the warning that advises it) they are mapped again.
    /// </summary>
    public static async Task<string?> MappedBeforeAsync(LoadedFile loaded, VendorExport export, CancellationToken ct)
    {
        var sha = await loaded.Sha256.ConfigureAwait(false);
        return await new IngestLogStore(loaded.Warehouse).AdaptedLoadOfAsync(sha, loaded.ReadOptions, export.Id, loaded.LoadId, loaded.Transaction, ct).ConfigureAwait(false);
    }

    // The rows of a query over one export's mapped rows, each ranked within its source id by line, the last line first.
    private static string LastLineOfEachId(string query) =>
        $"SELECT *, ROW_NUMBER() OVER (PARTITION BY source_id ORDER BY source_line DESC) AS leanml_rank FROM ({query}) m";

    /// <summary>Creates a canonical table when it is not there; refuses a table of that name that is not canonical.</summary>
    public static async Task EnsureTableAsync(Database w, DbTransaction? tx, CanonicalTable table, CancellationToken ct)
    {
        var existing = new List<string>();
        await using (var cmd = w.Command("SELECT column_name FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table", tx))
        {
            cmd.Bind("schema", w.Engine.UserSchema ?? "main").Bind("table", table.Name);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                existing.Add(reader.GetString(0));
            }
        }

        if (existing.Count == 0)
        {
            await ExecAsync(w, tx, CreateSql(w, table, ifNotExists: false), ct).ConfigureAwait(false);
            return;
        }

        if (!existing.Contains("source_vendor") || !existing.Contains("source_id"))
        {
            throw new LeanMLInputException(
                $"a table '{table.Name}' exists that is not LeanML's canonical {table.Name} table (it has no source_vendor and source_id); nothing was loaded. Rename or drop it, or load the file with --raw to skip the adapter.",
                field: "table");
        }

        // Columns added to a canonical table since it was created.
        foreach (var column in table.Columns.Where(c => !existing.Contains(c.Name)))
        {
            await ExecAsync(w, tx, $"ALTER TABLE {w.Engine.Quote(table.Name)} ADD COLUMN {w.Engine.Quote(column.Name)} {w.Engine.SqlType(column.Type)}", ct).ConfigureAwait(false);
        }
    }

    // The statement that creates a canonical table.
    private static string CreateSql(Database w, CanonicalTable table, bool ifNotExists) =>
        $"CREATE TABLE {(ifNotExists ? "IF NOT EXISTS " : "")}{w.Engine.Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => $"{w.Engine.Quote(c.Name)} {w.Engine.SqlType(c.Type)}"))})";

    private static string Rename(string header, IReadOnlyDictionary<string, string> rename) =>
        rename.TryGetValue(header, out var to) ? to : header;

    // Runs a statement; the rows it changed.
    private static async Task<long> ExecAsync(Database w, DbTransaction? tx, string sql, CancellationToken ct, string? vendor = null, string? load = null)
    {
        await using var cmd = Bound(w.Command(sql, tx), vendor, load);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(Database w, DbTransaction tx, string sql, CancellationToken ct, string? vendor = null, string? load = null)
    {
        await using var cmd = Bound(w.Command(sql, tx), vendor, load);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    // The @vendor and @load parameters a statement uses.
    private static DbCommand Bound(DbCommand cmd, string? vendor, string? load)
    {
        if (vendor is not null)
        {
            cmd.Bind("vendor", vendor);
        }

        if (load is not null)
        {
            cmd.Bind("load", load);
        }

        return cmd;
    }
}
