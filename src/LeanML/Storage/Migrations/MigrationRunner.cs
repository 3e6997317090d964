using System.Data.Common;
using System.Globalization;

namespace LeanML.Storage.Migrations;

/// <summary>Applies the numbered migrations a warehouse lacks, each in its own transaction, and refuses a newer schema.</summary>
public static class MigrationRunner
{
    /// <summary>Every migration of this build, in version order (found by reflection, so a capability only adds a class).</summary>
    public static IReadOnlyList<Migration> All { get; } = Discover();

    /// <summary>Brings the schema of the store <paramref name="warehouse"/> is up to date; returns the versions applied now.</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(Database warehouse, CancellationToken cancellationToken = default)
    {
        var d = warehouse.Engine;
        var versionTable = d.Meta("schema_version");
        // The version table is the one table created outside a migration: it records the migrations. Under the
        // migration lock where there is one: two first commands at once on a new PostgreSQL database otherwise race
        // in CREATE ... IF NOT EXISTS (a duplicate key in pg_type).
        await using (var boot = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            if (d.MigrationLockSql is { } bootLock)
            {
                await ExecuteAsync(warehouse, boot, bootLock, cancellationToken).ConfigureAwait(false);
            }

            if (d.HasSchemas)
            {
                await ExecuteAsync(warehouse, boot, "CREATE SCHEMA IF NOT EXISTS leanml", cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(warehouse, boot, $"CREATE TABLE IF NOT EXISTS {versionTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
            await boot.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var known = All.Select(m => m.Version).ToHashSet();
        var applied = await AppliedAsync(warehouse, null, cancellationToken).ConfigureAwait(false);
        RefuseNewer(applied, known);
        var mine = All.Where(m => m.Store == warehouse.Store).ToList();
        if (mine.All(m => applied.Contains(m.Version)))
        {
            return [];
        }

        var done = new List<int>();
        foreach (var migration in mine)
        {
            await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (d.MigrationLockSql is { } lockSql)
            {
                // Two processes starting at once: the second waits here, then sees the first one's work.
                await ExecuteAsync(warehouse, tx, lockSql, cancellationToken).ConfigureAwait(false);
            }

            // Re-read inside the write transaction: another process may have applied it meanwhile.
            var now = await AppliedAsync(warehouse, tx, cancellationToken).ConfigureAwait(false);
            if (now.Contains(migration.Version))
            {
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var statement in migration.Statements(d))
            {
                await ExecuteAsync(warehouse, tx, statement, cancellationToken).ConfigureAwait(false);
            }

            await using (var record = warehouse.Command($"INSERT INTO {versionTable} (version, name, applied_at) VALUES (@v, @n, @t)", tx))
            {
                record.Bind("@v", migration.Version);
                record.Bind("@n", migration.Name);
                record.Bind("@t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            done.Add(migration.Version);
        }

        return done;
    }

    /// <summary>True when the store has every migration of this build for it (a read-only open checks before it reads).</summary>
    public static async Task<bool> IsCurrentAsync(Database database, CancellationToken cancellationToken = default)
    {
        try
        {
            var applied = await AppliedAsync(database, null, cancellationToken).ConfigureAwait(false);
            RefuseNewer(applied, All.Select(m => m.Version).ToHashSet());
            return All.Where(m => m.Store == database.Store).All(m => applied.Contains(m.Version));
        }
        catch (DbException)
        {
            // No version table yet.
            return false;
        }
    }

    /// <summary>The versions recorded in the store.</summary>
    public static async Task<HashSet<int>> AppliedAsync(Database warehouse, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        var set = new HashSet<int>();
        await using var cmd = warehouse.Command($"SELECT version FROM {warehouse.Engine.Meta("schema_version")}", transaction);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            set.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return set;
    }

    private static void RefuseNewer(HashSet<int> applied, HashSet<int> known)
    {
        var unknown = applied.Where(v => !known.Contains(v)).Order().ToList();
        if (unknown.Count > 0)
        {
            throw new LeanMLEnvironmentException(
                $"this warehouse was upgraded by a newer LeanML (it has schema version(s) {string.Join(", ", unknown)}, which this build does not know). " +
                "Nothing was changed. Use the newer LeanML, or update this one.");
        }
    }

    private static async Task ExecuteAsync(Database warehouse, DbTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = warehouse.Command(sql, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }


    // Listed by hand, not found by reflection: the CLI is compiled ahead of time and trimmed, where unreferenced types
    // are gone. A unit test checks that every Migration in the assembly is listed.
    private static List<Migration> Discover()
    {
        List<Migration> list = [new M001_Core(), new M101_Ingestion(), new M102_LoadIds(), new M103_AnalyticCopies(), new M104_ScoreOutputs(), new M105_PredictionIdsCopy(), new M106_IngestReadOptions(), new M107_IngestAfterCommit(), new M108_PendingRefunds(), new M201_Runs(), new M301_Serving(), new M302_PredictionIds(), new M305_ScoreRunCounts(), new M401_Experiments(), new M511_Transforms(), new M611_Alerts(), new M701_Reports(), new M702_ReportsSearch(), new M703_ReportsSearchLinks(), new M711_ProjectHistory(), new M712_DigestDeliveries()];
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        var duplicate = list.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? list : throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
    }
}
