using System.Diagnostics;
using LeanML.Ingestion.Internal;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using Microsoft.Data.Sqlite;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>
/// The write-behind that runs while a load's commit checkpoints into the database file works through SQLite's own
/// descriptor. A descriptor of its own, once closed, would drop every POSIX lock this process holds on the file, and
/// another process could then change the database under an open connection.
/// </summary>
public sealed class DatabaseWriteBehindTests
{
    // Linux only, as the write-behind (sync_file_range, /proc/self/fd) and the suite are.
    [Fact]
    public async Task It_finds_SQLites_descriptor_and_leaves_SQLites_locks_in_place()
    {
        using var dir = new TempDir();
        var path = dir.Combine("warehouse.db");
        Assert.Null(DatabaseWriteBehind.DescriptorOf(path)); // nothing has it open yet

        await using var connection = new SqliteConnection(Warehouse.SqliteConnectionString(path));
        await connection.OpenAsync();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
            await setup.ExecuteNonQueryAsync();
        }

        Assert.NotNull(DatabaseWriteBehind.DescriptorOf(path));
        await using (var writeBehind = DatabaseWriteBehind.Start(path))
        {
            Assert.NotNull(writeBehind);
            await Task.Delay(50); // several rounds of writeback requests
        }

        // In WAL mode the open connection holds a shared lock on the database file, so another process cannot leave
        // WAL mode. (After a stray open and close of the file by this process, it could: the shell answers "delete".)
        var shell = Process.Start(new ProcessStartInfo("sqlite3", [path, "PRAGMA journal_mode=DELETE;"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.NotEqual(0, shell.ExitCode);
        Assert.Contains("database is locked", stderr, StringComparison.Ordinal);
    }
}
