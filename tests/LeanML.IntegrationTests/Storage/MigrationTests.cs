using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Storage.Migrations;

namespace LeanML.IntegrationTests.Storage;

public abstract class MigrationTests<TProvider> : WarehouseTestBase<TProvider>
    where TProvider : IWarehouseProvider, new()
{
    [Fact]
    public async Task Fresh_warehouse_gets_every_migration_recorded_once()
    {
        await using var w = await OpenFreshAsync();
        var applied = await MigrationRunner.AppliedAsync(w, null);
        Assert.Equal(Mine.Select(m => m.Version).Order(), applied.Order());
    }

    [Fact]
    public async Task Reopening_applies_nothing_again()
    {
        var cs = await Provider.CreateDatabaseAsync();
        await using (await Database.OpenAsync(Provider.Engine, cs, Store))
        {
        }

        await using var w = await Database.OpenAsync(Provider.Engine, cs, Store);
        Assert.Empty(await MigrationRunner.ApplyAsync(w));
        await using var cmd = w.Command($"SELECT COUNT(*) FROM {w.Engine.Meta("schema_version")}");
        Assert.Equal(Mine.Count, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task Older_warehouse_is_upgraded_in_place()
    {
        var cs = await Provider.CreateDatabaseAsync();
        // The newest migrations, from the last one that creates a table on this engine (PostgreSQL's warehouse gets
        // no analytic copies from the very newest): a workspace written before them lacks all of them.
        var from = Mine.FindLastIndex(m => Tables(m, Provider.Engine).Any());
        var removed = Mine[from..];
        var dropped = removed.SelectMany(m => Tables(m, Provider.Engine)).ToList();
        Assert.NotEmpty(dropped);
        List<(long Version, string Name, string AppliedAt)> before;
        await using (var w = await Database.OpenAsync(Provider.Engine, cs, Store))
        {
            before = await VersionsAsync(w);
            // Make it look like a workspace written before them: forget them and drop what they created.
            foreach (var migration in Enumerable.Reverse(removed))
            {
                await using var forget = w.Command($"DELETE FROM {w.Engine.Meta("schema_version")} WHERE version = {migration.Version}");
                await forget.ExecuteNonQueryAsync();
                foreach (var created in CreatedObjects(migration, w.Engine))
                {
                    await using var drop = w.Command(created);
                    await drop.ExecuteNonQueryAsync();
                }
            }

            foreach (var table in dropped)
            {
                Assert.False(await TableExistsAsync(w, table), $"{table} was dropped");
            }
        }

        await using var upgraded = await Database.OpenAsync(Provider.Engine, cs, Store);
        // The tables came back, empty and queryable ...
        foreach (var table in dropped)
        {
            Assert.True(await TableExistsAsync(upgraded, table), $"{table} came back");
            await using var count = upgraded.Command($"SELECT COUNT(*) FROM {table}");
            Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        // ... and the version rows: the older ones untouched (same time), the removed ones recorded once more.
        var after = await VersionsAsync(upgraded);
        var again = removed.Select(m => (long)m.Version).ToHashSet();
        Assert.Equal(before.Where(v => !again.Contains(v.Version)), after.Where(v => !again.Contains(v.Version)));
        Assert.Equal(removed.Select(m => ((long)m.Version, m.Name)), after.Where(v => again.Contains(v.Version)).Select(v => (v.Version, v.Name)));
        Assert.Equal(Mine.Select(m => (long)m.Version).Order(), after.Select(v => v.Version));
    }

    private static async Task<List<(long Version, string Name, string AppliedAt)>> VersionsAsync(Database w)
    {
        var list = new List<(long, string, string)>();
        await using var cmd = w.Command($"SELECT version, name, applied_at FROM {w.Engine.Meta("schema_version")} ORDER BY version");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add((Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), r.GetString(1), Convert.ToString(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)!));
        }

        return list;
    }

    // A table exists when selecting nothing from it works (the same statement on every engine).
    private static async Task<bool> TableExistsAsync(Database w, string table)
    {
        try
        {
            await using var cmd = w.Command($"SELECT * FROM {table} WHERE 1 = 0");
            await using var r = await cmd.ExecuteReaderAsync();
            return true;
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Newer_warehouse_is_refused_and_left_alone()
    {
        var cs = await Provider.CreateDatabaseAsync();
        await using (var w = await Database.OpenAsync(Provider.Engine, cs, Store))
        {
            await using var cmd = w.Command($"INSERT INTO {w.Engine.Meta("schema_version")} (version, name, applied_at) VALUES (99999, 'from the future', 'x')");
            await cmd.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<LeanMLEnvironmentException>(() => Database.OpenAsync(Provider.Engine, cs, Store));
        Assert.Contains("newer LeanML", ex.Message, StringComparison.Ordinal);
        Assert.Contains("99999", ex.Message, StringComparison.Ordinal);
    }

    // The migrations of the store under test, in order.
    private List<Migration> Mine => MigrationRunner.All.Where(m => m.Store == Store).ToList();

    // The tables a migration creates on an engine.
    private static IEnumerable<string> Tables(Migration migration, StorageEngine d) =>
        CreatedObjects(migration, d).Where(o => o.StartsWith("DROP TABLE ", StringComparison.Ordinal)).Select(o => o["DROP TABLE ".Length..]);

    // The statement that undoes each object the migration creates — "DROP TABLE x", "DROP SEQUENCE x", or "ALTER TABLE
    // x DROP COLUMN c" for a column it adds — the last first (a table before its sequence).
    private static IEnumerable<string> CreatedObjects(Migration migration, StorageEngine d) =>
        migration.Statements(d)
            .Select(s => System.Text.RegularExpressions.Regex.Match(s, @"^(?:CREATE (TABLE|SEQUENCE) (\S+)|ALTER TABLE (\S+) ADD COLUMN (\S+))"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Success ? $"DROP {m.Groups[1].Value} {m.Groups[2].Value}" : $"ALTER TABLE {m.Groups[3].Value} DROP COLUMN {m.Groups[4].Value}")
            .Reverse();
}

public sealed class DuckDbWarehouseMigrationTests : MigrationTests<DuckDbProvider>;

public sealed class SqliteStateMigrationTests : MigrationTests<SqliteProvider>
{
    protected override StoreKind Store => StoreKind.State;
}

public sealed class PostgresWarehouseMigrationTests : MigrationTests<PostgresProvider>;

public sealed class PostgresStateMigrationTests : MigrationTests<PostgresProvider>
{
    protected override StoreKind Store => StoreKind.State;
}
