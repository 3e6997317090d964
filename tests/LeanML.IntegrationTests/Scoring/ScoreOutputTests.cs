using System.Globalization;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// What batch scoring writes and where it refuses to: LeanML's own tables and tables a user loaded are never replaced
/// without asking, a bad row goes to a rejects file instead of failing the batch, ids keep their type and every row
/// gets a prediction id, and the input can be a query or the brief's own dataset.sql.
/// </summary>
public abstract class ScoreOutputTests : IAsyncLifetime
{
    /// <summary>A serving workspace on this class's warehouse engine.</summary>
    protected abstract ServingWorkspace NewWorkspace();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static CliResult Score(ServingWorkspace ws, params string[] args) => Infrastructure.Cli.Run(ws.Root, ["score", "churn", .. args]);

    private static JsonElement Sql(ServingWorkspace ws, string sql)
    {
        var r = Infrastructure.Cli.Run(ws.Root, "sql", sql, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Json();
    }

    [Fact]
    public async Task LeanMLs_own_tables_are_never_an_output_or_an_ingest_target()
    {
        using var ws = NewWorkspace();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", rowCount: 20);
        foreach (var name in new[] { "leanml_runs", "LEANML_TOKENS", "leanml.runs", "leanml_score_runs" })
        {
            var r = Score(ws, "--input", "customers", "--output", name);
            Assert.True(r.ExitCode == 3, r.ToString());
            Assert.Contains("reserved for LeanML's own tables", r.Stderr, StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(ws.Root, "x.csv"), "a\n1\n");
        var ingest = Infrastructure.Cli.Run(ws.Root, "ingest", "x.csv", "--table", "leanml_runs");
        Assert.True(ingest.ExitCode == 3, ingest.ToString());
        Assert.Contains("reserved", ingest.Stderr, StringComparison.Ordinal);

        // The registry is whole: the run is listed and scores.
        var runs = Infrastructure.Cli.Run(ws.Root, "runs", "--json");
        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.Contains(run, runs.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", "scores").ExitCode);
    }

    [Fact]
    public async Task A_table_score_did_not_write_is_replaced_only_with_replace_and_then_described_as_it_is()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", rowCount: 30);
        File.WriteAllText(Path.Combine(ws.Root, "plans.csv"), "plan,price\nbasic,10\npro,30\n");
        Assert.Equal(0, Infrastructure.Cli.Run(ws.Root, "ingest", "plans.csv").ExitCode);

        var refused = Score(ws, "--input", "customers", "--output", "plans");
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("score did not write it", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--replace", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(2L, Sql(ws, "SELECT COUNT(*) FROM plans").GetProperty("rows")[0][0].GetInt64());

        // Its own output it replaces freely.
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", "churn_scores").ExitCode);
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", "churn_scores").ExitCode);

        var replaced = Score(ws, "--input", "customers", "--output", "plans", "--replace");
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        var describe = Infrastructure.Cli.Run(ws.Root, "describe", "plans", "--json");
        Assert.True(describe.ExitCode == 0, describe.ToString());
        var columns = describe.Json().GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["customerID", "prediction_id", "score", "run_id", "scored_at"], columns);
        Assert.Equal(30L, describe.Json().GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task A_bad_row_goes_to_the_rejects_file_and_the_rest_are_scored_strict_restores_all_or_nothing()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var rows = ServingWorkspace.TelcoRows().Take(41).Select(r => (string[])r.Clone()).ToArray();
        var tenure = Array.IndexOf(rows[0], "tenure");
        rows[7][tenure] = "many";
        rows[30][tenure] = "a while";
        var input = Path.Combine(ws.Root, "customers.csv");
        File.WriteAllLines(input, rows.Select(r => string.Join(",", r)));
        var output = Path.Combine(ws.Root, "out", "scores.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var r = Score(ws, "--input", input, "--output", output, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = r.Json();
        Assert.Equal((38L, 2L), (json.GetProperty("rows").GetInt64(), json.GetProperty("rejected").GetInt64()));
        Assert.Equal(39, File.ReadAllLines(output).Length);
        var rejects = Path.Combine(ws.Root, "out", "scores.rejects.csv");
        Assert.Equal(rejects, json.GetProperty("rejects_file").GetString());
        var lines = File.ReadAllLines(rejects);
        Assert.Equal("row,field,value,reason", lines[0]);
        Assert.StartsWith("8,tenure,\"the text \"\"many\"\"\",", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("31,tenure,", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);

        var human = Score(ws, "--input", input, "--output", output);
        Assert.Contains("scored 38, rejected 2 rows", human.Stderr + human.Stdout, StringComparison.Ordinal);

        // A clean input replaces the output and leaves no stale rejects beside it.
        var clean = Path.Combine(ws.Root, "clean.csv");
        File.WriteAllLines(clean, ServingWorkspace.TelcoRows().Take(11).Select(x => string.Join(",", x)));
        Assert.Equal(0, Score(ws, "--input", clean, "--output", output).ExitCode);
        Assert.False(File.Exists(rejects));

        var strict = Score(ws, "--input", input, "--output", output, "--strict");
        Assert.True(strict.ExitCode == 3, strict.ToString());
        Assert.Contains("customers.csv:8", strict.Stderr, StringComparison.Ordinal);
        Assert.Equal(11, File.ReadAllLines(output).Length);   // the previous output, untouched

        // Into a table, the rejects go under .leanml/rejects/ named by the score run.
        var toTable = Score(ws, "--input", input, "--output", "churn_scores", "--json");
        Assert.True(toTable.ExitCode == 0, toTable.ToString());
        var tableRejects = toTable.Json().GetProperty("rejects_file").GetString()!;
        Assert.Equal(Path.Combine(ws.Root, ".leanml", "rejects", toTable.Json().GetProperty("id").GetString() + ".jsonl"), tableRejects);
        var first = JsonDocument.Parse(File.ReadAllLines(tableRejects)[0]).RootElement;
        Assert.Equal((8, "tenure"), (first.GetProperty("row").GetInt32(), first.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Integer_ids_stay_integers_and_every_prediction_has_its_own_id()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", integerIds: true, rowCount: 120);
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", "churn_scores").ExitCode);
        var q = Sql(ws, "SELECT \"customerID\" FROM churn_scores ORDER BY \"customerID\" LIMIT 3");
        Assert.Equal("BIGINT", q.GetProperty("types")[0].GetString()!.ToUpperInvariant());
        Assert.Equal([1L, 2L, 3L], q.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()));
        Assert.Equal(120L, Sql(ws, "SELECT COUNT(DISTINCT prediction_id) FROM churn_scores").GetProperty("rows")[0][0].GetInt64());

        // Ids read from a file as text, all whole numbers: stored as integers too, so 10 sorts after 9.
        var rows = ServingWorkspace.TelcoRows().Take(13).Select((r, i) => i == 0 ? r : [i.ToString(CultureInfo.InvariantCulture), .. r.Skip(1)]);
        var file = Path.Combine(ws.Root, "numbered.csv");
        File.WriteAllLines(file, rows.Select(r => string.Join(",", r)));
        Assert.Equal(0, Score(ws, "--input", file, "--output", "numbered_scores").ExitCode);
        var sorted = Sql(ws, "SELECT \"customerID\" FROM numbered_scores ORDER BY 1");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), sorted.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()));

        // JSON Lines and TSV outputs; any other extension is a usage error.
        var jsonl = Path.Combine(ws.Root, "scores.jsonl");
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", jsonl).ExitCode);
        var line = JsonDocument.Parse(File.ReadLines(jsonl).First()).RootElement;
        Assert.Equal(JsonValueKind.Number, line.GetProperty("customerID").ValueKind);
        var tsv = Path.Combine(ws.Root, "scores.tsv");
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", tsv).ExitCode);
        Assert.Equal("customerID\tprediction_id\tscore\trun_id\tscored_at", File.ReadLines(tsv).First());
        foreach (var bad in new[] { "scores.txt", "scores.parquet2", "out/scores.xlsx" })
        {
            var r = Score(ws, "--input", "customers", "--output", bad);
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.False(File.Exists(Path.Combine(ws.Root, bad)));
        }
    }

    [Fact]
    public async Task A_file_output_in_a_missing_folder_is_exit_3_and_nothing_is_written()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", rowCount: 5);
        foreach (var output in new[] { "nodir/s.parquet", "nodir/s.csv", "nodir/s.tsv", "nodir/s.jsonl" })
        {
            // As export says it: a clean input error (not a crash with a stack trace, not a folder made from a typo).
            var r = Score(ws, "--input", "customers", "--output", output);
            Assert.True(r.ExitCode == 3, r.ToString());
            Assert.Contains("the output's folder does not exist", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        }

        var explain = Infrastructure.Cli.Run(ws.Root, "explain", "churn", "--input", "customers", "--output", "nodir/why.jsonl");
        Assert.True(explain.ExitCode == 3, explain.ToString());
        Assert.Contains("the output's folder does not exist", explain.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(ws.Root, "nodir")));
    }

    [Fact]
    public async Task Scored_at_is_a_utc_timestamp_in_tables_and_parquet_and_iso_8601_in_text_also_over_a_previous_release_table()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", rowCount: 5);
        // A score table as the previous release wrote it (scored_at as text), which score replaces as its own output.
        await using (var w = await LeanML.Storage.Warehouse.OpenAsync(ws.Workspace))
        {
            foreach (var sql in new[]
            {
                $"CREATE TABLE churn_scores (\"customerID\" {w.Engine.Text}, prediction_id {w.Engine.Text}, score {w.Engine.Real}, run_id {w.Engine.Text}, scored_at {w.Engine.Text})",
                "INSERT INTO churn_scores VALUES ('old', 'p', 0.5, 'r', '2026-01-01T00:00:00.0000000Z')",
                $"INSERT INTO {w.Engine.Meta("score_outputs")} (table_name, score_id, run_id, written_at) VALUES ('churn_scores', 's', 'r', '2026-01-01T00:00:00.0000000Z')",
            })
            {
                await using var cmd = w.Command(sql);
                await cmd.ExecuteNonQueryAsync();
            }
        }

        var before = DateTime.UtcNow.AddSeconds(-1);
        void AssertNow(DateTime t) => Assert.InRange(t, before, DateTime.UtcNow.AddSeconds(1));

        var r = Score(ws, "--input", "customers", "--output", "churn_scores");
        Assert.True(r.ExitCode == 0, r.ToString());
        var table = Sql(ws, "SELECT scored_at FROM churn_scores");
        Assert.Contains("timestamp", table.GetProperty("types")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("with time zone", table.GetProperty("types")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(5, table.GetProperty("rows").GetArrayLength());
        AssertNow(DateTime.Parse(table.GetProperty("rows")[0][0].GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        var describe = Infrastructure.Cli.Run(ws.Root, "describe", "churn_scores", "--json");
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Equal("timestamp", describe.Json().GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scored_at").GetProperty("type").GetString());

        var parquet = Path.Combine(ws.Root, "s.parquet");
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", parquet).ExitCode);
        var file = await ParquetTable.ReadAsync(parquet);
        var at = file.Columns.ToList().FindIndex(c => c.Name == "scored_at");
        Assert.Equal("timestamp", file.Columns[at].Kind);
        AssertNow((DateTime)file.Rows[0][at]!);

        var csv = Path.Combine(ws.Root, "s.csv");
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", csv).ExitCode);
        var text = File.ReadLines(csv).Skip(1).First().Split(',')[^1];
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$", text);
        AssertNow(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        var jsonl = Path.Combine(ws.Root, "s.jsonl");
        Assert.Equal(0, Score(ws, "--input", "customers", "--output", jsonl).ExitCode);
        Assert.EndsWith("Z", JsonDocument.Parse(File.ReadLines(jsonl).First()).RootElement.GetProperty("scored_at").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_input_the_brief_dataset_sql_is_scored_and_input_sql_takes_any_query()
    {
        using var ws = NewWorkspace();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", rowCount: 50);
        Directory.CreateDirectory(Path.Combine(ws.Root, "projects", "churn"));
        File.WriteAllText(Path.Combine(ws.Root, "projects", "churn", "project.yaml"), """
            task: binary
            dataset:
              sql: SELECT * FROM customers WHERE tenure > 10
              id: customerID
              label: Churn
            baseline:
              name: month-to-month
              sql: CASE WHEN "Contract" = 'Month-to-month' THEN 1.0 ELSE 0.0 END
            metric: auc
            done_when: auc >= 0.8
            """);
        var expected = Sql(ws, "SELECT COUNT(*) FROM customers WHERE tenure > 10").GetProperty("rows")[0][0].GetInt64();
        Assert.InRange(expected, 1, 49);

        var r = Score(ws, "--output", "brief_scores", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal((expected, run), (r.Json().GetProperty("rows").GetInt64(), r.Json().GetProperty("run_id").GetString()));
        Assert.Equal(expected, Sql(ws, "SELECT COUNT(*) FROM brief_scores").GetProperty("rows")[0][0].GetInt64());

        var q = Score(ws, "--input-sql", "SELECT * FROM customers ORDER BY tenure DESC LIMIT 7", "--output", "top7", "--json");
        Assert.True(q.ExitCode == 0, q.ToString());
        Assert.Equal(7L, q.Json().GetProperty("rows").GetInt64());

        var two = Score(ws, "--input-sql", "SELECT * FROM customers; DROP TABLE customers", "--output", "x");
        Assert.True(two.ExitCode == 3, two.ToString());
        Assert.Contains("one statement only", two.Stderr, StringComparison.Ordinal);
        Assert.Equal(50L, Sql(ws, "SELECT COUNT(*) FROM customers").GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public async Task Duplicate_ids_in_the_input_are_scored_counted_and_warned_about()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var rows = ServingWorkspace.TelcoRows().Take(11).ToList();
        rows.Add(rows[3]);
        rows.Add(rows[3]);
        rows.Add(rows[5]);
        var input = Path.Combine(ws.Root, "dupes.csv");
        File.WriteAllLines(input, rows.Select(r => string.Join(",", r)));
        var r = Score(ws, "--input", input, "--output", Path.Combine(ws.Root, "s.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal((13L, 3L), (r.Json().GetProperty("rows").GetInt64(), r.Json().GetProperty("duplicate_ids").GetInt64()));
        Assert.Contains("3 rows repeat an id", r.Stderr, StringComparison.Ordinal);
    }
    [Fact]
    public async Task A_query_to_score_can_only_read_and_a_loaded_table_is_safe_in_any_letter_case()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", rowCount: 25);
        foreach (var sql in new[] { "DELETE FROM customers RETURNING *", "WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d", "UPDATE customers SET tenure = 0 RETURNING *" })
        {
            var r = Score(ws, "--input-sql", sql, "--output", "x");
            Assert.True(r.ExitCode == 3, $"{sql}\n{r}");
        }

        Assert.Equal(25L, Sql(ws, "SELECT COUNT(*) FROM customers WHERE tenure > 0 OR tenure IS NULL OR tenure = 0").GetProperty("rows")[0][0].GetInt64());
        Assert.Equal(0L, Sql(ws, "SELECT COUNT(*) FROM customers WHERE tenure = 0 AND \"customerID\" = '7590-VHVEG'").GetProperty("rows")[0][0].GetInt64());

        // DuckDB matches table names ignoring case, even quoted: 'CUSTOMERS' is the loaded table, so it is refused too.
        var upper = Score(ws, "--input-sql", "SELECT * FROM customers", "--output", "CUSTOMERS");
        Assert.True(upper.ExitCode == 3, upper.ToString());
        Assert.Equal(25L, Sql(ws, "SELECT COUNT(*) FROM customers").GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public async Task Ids_keep_their_value_leading_zeros_large_integers_and_nulls()
    {
        using var ws = NewWorkspace();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        await ws.CreateTelcoTableAsync("customers", integerIds: true, rowCount: 3);
        await using (var w = await LeanML.Storage.Warehouse.OpenAsync(ws.Workspace))
        {
            await using var big = w.Command("UPDATE customers SET \"customerID\" = CASE \"customerID\" WHEN 1 THEN 1234567890123456789 WHEN 2 THEN NULL ELSE 9007199254740993 END");
            await big.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, Score(ws, "--input", "customers", "--output", "s").ExitCode);
        var ids = Sql(ws, "SELECT \"customerID\" FROM s ORDER BY 1 NULLS LAST").GetProperty("rows").EnumerateArray().Select(r => r[0].ValueKind == JsonValueKind.Null ? (long?)null : r[0].GetInt64()).ToList();
        Assert.Equal([9007199254740993L, 1234567890123456789L, null], ids);   // 2^53 + 1 exactly, not rounded through a double

        // Text ids with leading zeros stay text, whole.
        var rows = ServingWorkspace.TelcoRows().Take(4).Select((r, i) => i == 0 ? r : [$"00{i}", .. r.Skip(1)]);
        var file = Path.Combine(ws.Root, "zeros.csv");
        File.WriteAllLines(file, rows.Select(r => string.Join(",", r)));
        Assert.Equal(0, Score(ws, "--input", file, "--output", "zero_scores").ExitCode);
        Assert.Equal(["001", "002", "003"], Sql(ws, "SELECT \"customerID\" FROM zero_scores ORDER BY 1").GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()));
    }
}

public sealed class DuckDbScoreOutputTests : ScoreOutputTests
{
    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.Create();
}

public sealed class PostgresScoreOutputTests : ScoreOutputTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_SCORE_PG_" + Guid.NewGuid().ToString("N")[..8];

    public override async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.CreatePostgres(_variable);

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
    }
}
