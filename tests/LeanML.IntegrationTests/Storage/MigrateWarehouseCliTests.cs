using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Storage;

/// <summary>
/// 'leanml migrate-warehouse' on a workspace the previous release made (Fixtures/sqlite-workspace, written by the SQLite
/// build's CLI): every table and its metadata reach DuckDB with their counts, the runs and tokens reach the state store,
/// and the workspace works on as before.
/// </summary>
public sealed class MigrateWarehouseCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public MigrateWarehouseCliTests() => Copy(Path.Combine(Repo.Root, "tests", "LeanML.IntegrationTests", "Fixtures", "sqlite-workspace"), _dir.Path);

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(_dir.Path, args);

    [Fact]
    public void An_old_workspace_says_to_migrate_then_migrates_with_every_count_checked_and_works_on()
    {
        // Before: every command names the one thing to do, and changes nothing.
        foreach (var command in new[] { new[] { "tables" }, ["runs"], ["token", "list"] })
        {
            var refused = Run(command);
            Assert.Equal(4, refused.ExitCode);
            Assert.Contains("leanml migrate-warehouse", refused.Stderr, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(_dir.Combine(".leanml", "warehouse.duckdb")));
        Assert.False(File.Exists(_dir.Combine(".leanml", "state.db")));

        var migrated = Run("migrate-warehouse", "--json");
        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        var report = migrated.Json();
        var tables = report.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => (t.GetProperty("source_rows").GetInt64(), t.GetProperty("rows").GetInt64()));
        // Counts of the fixture (sqlite3 .leanml/warehouse.db): 5 customers, 5 orders after the upsert, 240 deals, 4 loads.
        Assert.Equal((5L, 5L), tables["customers"]);
        Assert.Equal((5L, 5L), tables["orders"]);
        Assert.Equal((240L, 240L), tables["deals"]);
        Assert.Equal((4L, 4L), tables["leanml.\"ingest_log\""]);
        Assert.True(report.GetProperty("settings_updated").GetBoolean());
        Assert.True(File.Exists(_dir.Combine(".leanml", "warehouse.sqlite.bak")));
        Assert.False(File.Exists(_dir.Combine(".leanml", "warehouse.db")));
        Assert.Contains("provider: duckdb", File.ReadAllText(_dir.Combine("leanml.yaml")), StringComparison.Ordinal);
        Assert.Contains("# postgres only", File.ReadAllText(_dir.Combine("leanml.yaml")), StringComparison.Ordinal);   // comments kept

        // The data, typed: dates and timestamps stored as text before are DATE and TIMESTAMP now; the upsert's new column kept.
        var sql = Run("sql", "SELECT customer_id, signed_up, last_seen, plan_price, active FROM customers ORDER BY customer_id", "--json").Json();
        Assert.Equal(["VARCHAR", "DATE", "TIMESTAMP", "DOUBLE", "BIGINT"], sql.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        var first = sql.GetProperty("rows")[0];
        Assert.Equal(("c-001", "2024-01-05", "2024-06-01T10:15:00", 49.0, 1L), (first[0].GetString(), first[1].GetString(), first[2].GetString(), first[3].GetDouble(), first[4].GetInt64()));
        var orders = Run("sql", "SELECT order_id, amount, channel FROM orders WHERE order_id = 'o-3'", "--json").Json().GetProperty("rows")[0];
        Assert.Equal(("o-3", 59.0, "web"), (orders[0].GetString(), orders[1].GetDouble(), orders[2].GetString()));

        // The state moved with it: the run is still production, the token still listed.
        var runs = Run("runs", "--json").Json();
        Assert.Equal("01M957JT0ZD8WYE5HDXNKGDAG6", runs.GetProperty("runs")[0].GetProperty("id").GetString());
        Assert.True(runs.GetProperty("runs")[0].GetProperty("production").GetBoolean());
        Assert.Contains("fixture", Run("token", "list").Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run("show", "01M957JT0Z").ExitCode);

        // Idempotency survives (the same bytes are not loaded twice) and new load ids follow the old ones.
        Assert.Contains("already loaded", Run("ingest", "data/orders_update.csv", "--table", "orders", "--mode", "upsert", "--key", "order_id").Stdout + "", StringComparison.Ordinal);
        File.WriteAllText(_dir.Combine("data", "more.csv"), "id,day\n1,2024-01-01\n");
        Assert.Equal("5", Run("ingest", "data/more.csv", "--json").Json().GetProperty("files")[0].GetProperty("load_id").GetString());

        // The model still scores, from the migrated table into a new one.
        var score = Run("score", "deals", "--input", "deals", "--output", "deal_scores", "--json");
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Equal(240L, Run("sql", "SELECT COUNT(*) FROM deal_scores", "--json").Json().GetProperty("rows")[0][0].GetInt64());

        // A second migration has nothing to do, and says so.
        var again = Run("migrate-warehouse");
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("already uses DuckDB", again.Stderr, StringComparison.Ordinal);
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Target(dir));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Target(file));
        }

        // The repository ignores .leanml folders, so the fixture keeps its own as dot-leanml.
        string Target(string path) => Path.Combine(to, Path.GetRelativePath(from, path).Replace("dot-leanml", ".leanml", StringComparison.Ordinal));
    }
}
