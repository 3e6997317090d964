using System.Globalization;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Monitoring;

/// <summary>
/// <c>leanml monitor</c> as a user runs it, on the Telco churn data (IBM sample, /work/shared/datasets): a batch that
/// is the training data (no feature drifts), a batch whose tenure is divided by four (drift, exit 1, the alert), the
/// prediction log (rows as the server logs them, read from the warehouse's copy), and a run trained before profiles
/// existed (rebuilt from its data; a clear error once that data is gone). Once per warehouse engine.
/// </summary>
public abstract class MonitorCliTests : IAsyncLifetime
{
    private const string Features = "customer_id, tenure, monthly_charges, contract, internet_service, payment_method";

    protected TempDir Dir { get; } = new();

    protected abstract string Settings { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(Dir.Path, args);

    private CliResult Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    /// <summary>Telco ingested, a churn model trained on it (its reference profile saved) and promoted.</summary>
    private string TrainAndPromote(string settings)
    {
        File.WriteAllText(Dir.Combine("leanml.yaml"), settings);
        Directory.CreateDirectory(Dir.Combine("projects", "churn"));
        File.WriteAllText(Dir.Combine("projects", "churn", "project.yaml"), $"""
            name: churn
            question: Which customers will cancel?
            decision: Call the riskiest first.
            task: binary
            dataset:
              sql: SELECT {Features}, churn FROM telco
              id: customer_id
              label: churn
            baseline:
              name: month-to-month
              sql: CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END
            metric: auc
            done_when: auc >= 0.5
            monitor:
              min_n: 100
            """);
        Ok("ingest", Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"), "--table", "telco");
        var run = Ok("train", "churn", "--param", "rounds=30", "--param", "patience=0", "--json").Json().GetProperty("run_id").GetString()!;
        Assert.True(File.Exists(Dir.Combine(".leanml", "runs", run, "reference.json")), "training saves the reference profile");
        Ok("promote", run, "--force");
        return run;
    }

    [Fact]
    public async Task Monitor_alert_sends_a_drift_once_to_the_webhook_and_respects_the_cooldown()
    {
        await using var hook = new WebhookListener();
        TrainAndPromote(Settings + $"alerts:\n  - {{project: churn, on: drift, threshold: 0.1, min_n: 100, cooldown: 1d, webhook: '{hook.Url}'}}\n");
        const string Shifted = "SELECT customer_id, tenure / 4 AS tenure, monthly_charges, contract, internet_service, payment_method FROM telco";

        // No drift: the rule is evaluated and stays quiet; nothing is posted.
        var calm = Run("monitor", "churn", "--input", "telco", "--alert", "--json");
        Assert.True(calm.ExitCode == 0, calm.ToString());
        Assert.Equal("quiet", Assert.Single(calm.Json().GetProperty("alerts").GetProperty("outcomes").EnumerateArray()).GetProperty("status").GetString());
        Assert.Empty(hook.Received);

        // Tenure collapses: the drift alert goes out once, as the report's sentence.
        var first = Run("monitor", "churn", "--input-sql", Shifted, "--alert", "--json");
        Assert.True(first.ExitCode == 1, first.ToString());
        var outcome = Assert.Single(first.Json().GetProperty("alerts").GetProperty("outcomes").EnumerateArray());
        Assert.Equal("sent", outcome.GetProperty("status").GetString());
        var post = Assert.Single(hook.Received);
        using (var doc = JsonDocument.Parse(post.Body))
        {
            Assert.Equal(first.Json().GetProperty("alert").GetString(), doc.RootElement.GetProperty("text").GetString());
        }

        // The same drift an hour later is within the one-day cooldown: recorded, not sent again.
        var again = Run("monitor", "churn", "--input-sql", Shifted, "--alert", "--json");
        Assert.Equal("cooldown", Assert.Single(again.Json().GetProperty("alerts").GetProperty("outcomes").EnumerateArray()).GetProperty("status").GetString());
        Assert.Single(hook.Received);
        Assert.Contains("drift", Ok("alerts", "--project", "churn").Stdout, StringComparison.Ordinal);

        // The week's update carries the alert as a line and judges the project off track for it.
        var churn = Assert.Single(Ok("update", "churn", "--json").Json().GetProperty("projects").EnumerateArray());
        Assert.Equal("off track", churn.GetProperty("health").GetString());
        Assert.Contains(churn.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "alert" && l.GetProperty("text").GetString()!.Contains("tenure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Monitor_judges_batches_and_the_prediction_log_and_rebuilds_an_old_runs_profile()
    {
        var run = TrainAndPromote(Settings);

        // The training rows themselves: every feature is exactly its reference (KS gap 0), so none drifts.
        var same = Ok("monitor", "churn", "--input", "telco", "--json").Json();
        Assert.Equal(7043, same.GetProperty("rows").GetInt64());
        Assert.Equal("telco", same.GetProperty("source").GetString());
        foreach (var f in same.GetProperty("features").EnumerateArray())
        {
            Assert.Equal("no drift", f.GetProperty("verdict").GetString());
            Assert.Equal(0, f.GetProperty("statistic").GetDouble(), 12);
        }

        Assert.Equal(5, same.GetProperty("features").GetArrayLength());
        Assert.Equal("prediction", same.GetProperty("prediction").GetProperty("column").GetString());

        // Tenure divided by four (the usage of a segment collapses): tenure drifts, the command exits 1 with the alert.
        var shifted = Run("monitor", "churn", "--input-sql", "SELECT customer_id, tenure / 4 AS tenure, monthly_charges, contract, internet_service, payment_method FROM telco", "--json");
        Assert.True(shifted.ExitCode == 1, shifted.ToString());
        var report = shifted.Json();
        var tenure = report.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("column").GetString() == "tenure");
        Assert.Equal("drift", tenure.GetProperty("verdict").GetString());
        Assert.True(tenure.GetProperty("wasserstein_sigma").GetDouble() > 0.5, tenure.ToString());
        Assert.True(tenure.GetProperty("p_value").GetDouble() < 1e-6, tenure.ToString());
        Assert.Contains("tenure", report.GetProperty("drifted").EnumerateArray().Select(x => x.GetString()));
        Assert.StartsWith("churn: ", report.GetProperty("alert").GetString(), StringComparison.Ordinal);
        Assert.Contains("n = 7,043", report.GetProperty("alert").GetString(), StringComparison.Ordinal);
        Assert.Equal("no drift", report.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("column").GetString() == "contract").GetProperty("verdict").GetString());

        // The prediction log, written as the server writes it: 150 rows an hour ago, 40 rows three days ago.
        await LogAsync(run, DateTimeOffset.UtcNow.AddHours(-1), 150, "0.9");
        await LogAsync(run, DateTimeOffset.UtcNow.AddDays(-3), 40, "0.1");
        var day = Run("monitor", "churn", "--since", "1d", "--json");
        var log = day.Json();
        Assert.Equal("prediction log", log.GetProperty("source").GetString());
        Assert.Equal(150, log.GetProperty("rows").GetInt64());
        // Every logged score was 0.9: the prediction drifted, and the alert says its share above 0.5 rose to 100%.
        Assert.True(day.ExitCode == 1, day.ToString());
        Assert.Equal("drift", log.GetProperty("prediction").GetProperty("verdict").GetString());
        Assert.Contains("prediction share above 0.5 rose from", log.GetProperty("alert").GetString(), StringComparison.Ordinal);
        Assert.Contains("to 100.0%, n = 150", log.GetProperty("alert").GetString(), StringComparison.Ordinal);
        var week = Run("monitor", "churn", "--since", "7d", "--window", "day", "--json").Json();
        Assert.Equal(190, week.GetProperty("rows").GetInt64());
        var windows = week.GetProperty("windows").EnumerateArray().ToList();
        Assert.InRange(windows.Count, 7, 8);
        Assert.Equal(190, windows.Sum(w => w.GetProperty("rows").GetInt64()));
        Assert.Contains(windows, w => w.GetProperty("rows").GetInt64() == 40 && w.GetProperty("prediction").GetProperty("verdict").GetString() == "not enough data");

        // A run trained before profiles were saved: built once from its recorded data, the same as training's.
        await ForgetProfileAsync(run);
        var rebuilt = Run("monitor", "churn", "--input", "telco", "--json");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
        Assert.Contains("building its profile from its recorded data", rebuilt.Stderr, StringComparison.Ordinal);
        Assert.Equal("rebuilt", rebuilt.Json().GetProperty("reference_source").GetString());
        Assert.All(rebuilt.Json().GetProperty("features").EnumerateArray(), f => Assert.Equal(0, f.GetProperty("statistic").GetDouble(), 12));

        // ... and once that data is gone, a clear message saying what to do.
        File.Delete(Dir.Combine(".leanml", "runs", run, "reference.json"));
        await using (var warehouse = await Warehouse.OpenAsync(LeanML.Workspace.Workspace.Open(Dir.Path)))
        {
            await using var drop = warehouse.Command("DROP TABLE telco");
            await drop.ExecuteNonQueryAsync();
        }

        var gone = Run("monitor", "churn", "--since", "1d");
        Assert.True(gone.ExitCode == 3, gone.ToString());
        Assert.Contains("its training data is gone", gone.Stderr, StringComparison.Ordinal);
        Assert.Contains("leanml train churn", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_counts_every_row_of_a_batch_once_across_its_chunks()
    {
        TrainAndPromote(Settings);

        // A batch is streamed in chunks of 1,024 rows, each counted by one of several counters and merged: one partial
        // chunk, exactly two (then an empty read), and one row into a third. Each numeric feature's live n and mean are
        // checked against the warehouse's own COUNT and AVG (of the values as float32, as the model sees them) over the
        // same rows, so a row lost, counted twice or read as another type shows.
        var limits = new[] { 1023, 2048, 2049 };
        var expected = new Dictionary<(int, string), (long N, double Mean)>();
        await using (var warehouse = await Warehouse.OpenAsync(LeanML.Workspace.Workspace.Open(Dir.Path)))
        {
            foreach (var limit in limits)
            {
                foreach (var column in new[] { "tenure", "monthly_charges" })
                {
                    await using var cmd = warehouse.Command($"SELECT COUNT({column}), AVG(CAST({column} AS REAL)) FROM ({Batch(limit)}) AS b");
                    await using var r = await cmd.ExecuteReaderAsync();
                    Assert.True(await r.ReadAsync());
                    expected[(limit, column)] = (Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture));
                }
            }
        }

        foreach (var limit in limits)
        {
            var result = Run("monitor", "churn", "--input-sql", Batch(limit), "--json");
            Assert.True(result.ExitCode is 0 or 1, result.ToString());
            var report = result.Json();
            Assert.Equal(limit, report.GetProperty("rows").GetInt64());
            foreach (var column in new[] { "tenure", "monthly_charges" })
            {
                var f = report.GetProperty("features").EnumerateArray().Single(x => x.GetProperty("column").GetString() == column);
                var (n, mean) = expected[(limit, column)];
                Assert.Equal(n, f.GetProperty("n").GetInt64());
                Assert.Equal(mean, f.GetProperty("live_mean").GetDouble(), mean * 1e-12);
            }
        }

        static string Batch(int limit) => $"SELECT {Features} FROM telco ORDER BY customer_id LIMIT {limit}";
    }

    // Rows as PredictionService logs them: the request's row JSON, the output array, a prediction id and the row id.
    private async Task LogAsync(string run, DateTimeOffset at, int rows, string score)
    {
        var telco = File.ReadAllLines(Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv")).Skip(1).Take(rows).Select(l => l.Split(',')).ToList();
        await using var state = await StateStore.OpenAsync(LeanML.Workspace.Workspace.Open(Dir.Path));
        foreach (var r in telco)
        {
            var inputs = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["customer_id"] = r[0], ["tenure"] = int.Parse(r[5], CultureInfo.InvariantCulture), ["monthly_charges"] = double.Parse(r[18], CultureInfo.InvariantCulture),
                ["contract"] = r[15], ["internet_service"] = r[8], ["payment_method"] = r[17],
            });
            await using var cmd = state.Command($"INSERT INTO {state.Engine.Meta("prediction_log")} (logged_at, project, run_id, inputs, output, prediction_id, row_id) VALUES (@a, @p, @r, @i, @o, @d, @w)");
            cmd.Bind("@a", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            cmd.Bind("@p", "churn");
            cmd.Bind("@r", run);
            cmd.Bind("@i", inputs);
            cmd.Bind("@o", $"[{score}]");
            cmd.Bind("@d", Guid.NewGuid().ToString("N"));
            cmd.Bind("@w", r[0]);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    // As a run trained before this release: no reference.json among its recorded artifacts, and none in its folder.
    private async Task ForgetProfileAsync(string run)
    {
        await using var state = await StateStore.OpenAsync(LeanML.Workspace.Workspace.Open(Dir.Path));
        await using var read = state.Command($"SELECT artifacts FROM {state.Engine.Meta("runs")} WHERE id = @id");
        read.Bind("@id", run);
        var artifacts = JsonSerializer.Deserialize<Dictionary<string, string>>((string)(await read.ExecuteScalarAsync())!)!;
        Assert.True(artifacts.Remove("reference.json"));
        await using var write = state.Command($"UPDATE {state.Engine.Meta("runs")} SET artifacts = @a WHERE id = @id");
        write.Bind("@a", JsonSerializer.Serialize(artifacts));
        write.Bind("@id", run);
        await write.ExecuteNonQueryAsync();
        File.Delete(Dir.Combine(".leanml", "runs", run, "reference.json"));
    }
}

/// <summary>On the embedded stores: DuckDB warehouse (with the prediction log's analytic copy), SQLite state store.</summary>
public sealed class DuckDbMonitorCliTests : MonitorCliTests
{
    protected override string Settings => "warehouse:\n  provider: duckdb\n";
}

/// <summary>On PostgreSQL: both stores in one database of this test's own.</summary>
public sealed class PostgresMonitorCliTests : MonitorCliTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_MONITOR_PG_" + Guid.NewGuid().ToString("N")[..8];

    protected override string Settings => $"warehouse:\n  provider: postgres\n  connection_env: {_variable}\n";

    public override async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
        await base.DisposeAsync();
    }
}
