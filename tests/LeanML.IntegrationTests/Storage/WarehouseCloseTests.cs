using LeanML.Ingestion.Internal;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.IntegrationTests.Storage;

/// <summary>
/// CloseAsync closes a SQLite warehouse for good, so that the work of closing (deleting the WAL file) happens when the
/// caller chooses, e.g. beside other work, and not at process exit as a pooled connection's would.
/// </summary>
public sealed class WarehouseCloseTests
{
    [Fact]
    public async Task Close_releases_the_file_and_deletes_the_WAL()
    {
        using var dir = new TempDir();
        var path = dir.Combine("warehouse.db");
        await using var w = await Warehouse.OpenAsync(WarehouseProvider.Sqlite, Warehouse.SqliteConnectionString(path));
        Assert.True(File.Exists(path + "-wal"));
        await w.CloseAsync();

        // A disposed connection would go back to the pool, still open, its WAL still there (tests elsewhere clear
        // the pools at any time, so that side is not asserted here).
        Assert.False(File.Exists(path + "-wal"));
        Assert.Null(DatabaseWriteBehind.DescriptorOf(path));
        // (Disposed again at the end of the scope: a second close is harmless.)
    }
}
