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
    public async Task Close_releases_the_file_and_deletes_the_WAL_where_dispose_keeps_it_pooled()
    {
        using var dir = new TempDir();
        var pooled = dir.Combine("pooled.db");
        var closed = dir.Combine("closed.db");

        await using (var w = await Warehouse.OpenAsync(WarehouseProvider.Sqlite, Warehouse.SqliteConnectionString(pooled)))
        {
        }

        var w2 = await Warehouse.OpenAsync(WarehouseProvider.Sqlite, Warehouse.SqliteConnectionString(closed));
        Assert.True(File.Exists(closed + "-wal"));
        await w2.CloseAsync();

        // The disposed one went back to the pool: still open, WAL still there. The closed one is gone from the process.
        Assert.True(File.Exists(pooled + "-wal"));
        Assert.NotNull(DatabaseWriteBehind.DescriptorOf(pooled));
        Assert.False(File.Exists(closed + "-wal"));
        Assert.Null(DatabaseWriteBehind.DescriptorOf(closed));
        await w2.DisposeAsync(); // a second close is harmless
    }
}
