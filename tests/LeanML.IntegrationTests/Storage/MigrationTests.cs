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
        Assert.Equal(MigrationRunner.All.Select(m => m.Version).Order(), applied.Order());
    }

    [Fact]
    public async Task Reopening_applies_nothing_again()
    {
        var cs = await Provider.CreateDatabaseAsync();
        await using (await Warehouse.OpenAsync(Provider.Provider, cs))
        {
        }

        await using var w = await Warehouse.OpenAsync(Provider.Provider, cs);
        Assert.Empty(await MigrationRunner.ApplyAsync(w));
        await using var cmd = w.Command($"SELECT COUNT(*) FROM {w.Dialect.Meta("schema_version")}");
        Assert.Equal(MigrationRunner.All.Count, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task Older_warehouse_is_upgraded_in_place()
    {
        var cs = await Provider.CreateDatabaseAsync();
        await using (var w = await Warehouse.OpenAsync(Provider.Provider, cs))
        {
            // Make it look like a workspace written before the newest migration existed: forget it and drop its tables.
            var newest = MigrationRunner.All[^1];
            await using var forget = w.Command($"DELETE FROM {w.Dialect.Meta("schema_version")} WHERE version = {newest.Version}");
            await forget.ExecuteNonQueryAsync();
            foreach (var table in CreatedTables(newest, w.Dialect))
            {
                await using var drop = w.Command($"DROP TABLE {table}");
                await drop.ExecuteNonQueryAsync();
            }
        }

        await using var upgraded = await Warehouse.OpenAsync(Provider.Provider, cs);
        var applied = await MigrationRunner.AppliedAsync(upgraded, null);
        Assert.Contains(MigrationRunner.All[^1].Version, applied);
    }

    [Fact]
    public async Task Newer_warehouse_is_refused_and_left_alone()
    {
        var cs = await Provider.CreateDatabaseAsync();
        await using (var w = await Warehouse.OpenAsync(Provider.Provider, cs))
        {
            await using var cmd = w.Command($"INSERT INTO {w.Dialect.Meta("schema_version")} (version, name, applied_at) VALUES (99999, 'from the future', 'x')");
            await cmd.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<LeanMLEnvironmentException>(() => Warehouse.OpenAsync(Provider.Provider, cs));
        Assert.Contains("newer LeanML", ex.Message, StringComparison.Ordinal);
        Assert.Contains("99999", ex.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> CreatedTables(Migration migration, SqlDialect d) =>
        migration.Statements(d)
            .Select(s => System.Text.RegularExpressions.Regex.Match(s, @"^CREATE TABLE (\S+)"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Reverse();
}

public sealed class SqliteMigrationTests : MigrationTests<SqliteProvider>;

public sealed class PostgresMigrationTests : MigrationTests<PostgresProvider>;
