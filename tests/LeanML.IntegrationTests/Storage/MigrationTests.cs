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
        await using (var w = await Database.OpenAsync(Provider.Engine, cs, Store))
        {
            // Make it look like a workspace written before the newest migration existed: forget it and drop its tables.
            var newest = Mine[^1];
            await using var forget = w.Command($"DELETE FROM {w.Engine.Meta("schema_version")} WHERE version = {newest.Version}");
            await forget.ExecuteNonQueryAsync();
            foreach (var created in CreatedObjects(newest, w.Engine))
            {
                await using var drop = w.Command($"DROP {created}");
                await drop.ExecuteNonQueryAsync();
            }
        }

        await using var upgraded = await Database.OpenAsync(Provider.Engine, cs, Store);
        var applied = await MigrationRunner.AppliedAsync(upgraded, null);
        Assert.Contains(Mine[^1].Version, applied);
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

    // "TABLE x" and "SEQUENCE x" for each object the migration creates, the last first (a table before its sequence).
    private static IEnumerable<string> CreatedObjects(Migration migration, StorageEngine d) =>
        migration.Statements(d)
            .Select(s => System.Text.RegularExpressions.Regex.Match(s, @"^CREATE (TABLE|SEQUENCE) (\S+)"))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}")
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
