using LeanML.Storage.Migrations;

namespace LeanML.Tests.Storage;

public sealed class MigrationListTests
{
    // The runner lists its migrations by hand (the CLI is trimmed ahead of time, so it cannot find them by reflection);
    // a migration written but not listed would never run.
    [Fact]
    public void Every_migration_in_the_library_is_listed_once_in_version_order()
    {
        var declared = typeof(Migration).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract)
            .Select(t => t.Name)
            .Order()
            .ToList();
        Assert.Equal(declared, MigrationRunner.All.Select(m => m.GetType().Name).Order().ToList());
        Assert.Equal(MigrationRunner.All.Select(m => m.Version).Order(), MigrationRunner.All.Select(m => m.Version));
    }
}
