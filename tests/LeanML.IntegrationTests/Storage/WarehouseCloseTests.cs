using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Storage.Sqlite;

namespace LeanML.IntegrationTests.Storage;

/// <summary>
/// CloseAsync closes the SQLite state store for good, so that the work of closing (deleting the WAL file) happens when the
/// caller chooses, e.g. beside other work, and not at process exit as a pooled connection's would.
/// </summary>
public sealed class WarehouseCloseTests
{
    [Fact]
    public async Task Close_releases_the_file_and_deletes_the_WAL()
    {
        using var dir = new TempDir();
        var path = dir.Combine("state.db");
        await using var w = await Database.OpenAsync(SqliteEngine.Instance, SqliteEngine.ConnectionString(path), StoreKind.State);
        Assert.True(File.Exists(path + "-wal"));
        await w.CloseAsync();

        // A disposed connection would go back to the pool, still open, its WAL still there (tests elsewhere clear
        // the pools at any time, so that side is not asserted here).
        Assert.False(File.Exists(path + "-wal"));
        // (Disposed again at the end of the scope: a second close is harmless.)
    }
}
