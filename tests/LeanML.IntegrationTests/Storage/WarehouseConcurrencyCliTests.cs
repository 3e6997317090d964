using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Storage;

/// <summary>
/// DuckDB lets one process write the warehouse at a time and fails at once otherwise: LeanML's own retry loop makes
/// a second command wait (up to warehouse.lock_timeout) and, when it gives up, name the command and PID holding it.
/// The server never holds the warehouse, so the CLI keeps working while it runs.
/// </summary>
public sealed class WarehouseConcurrencyCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Ws => _dir.Combine("acme");

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(Ws, args);

    [Fact]
    public async Task Two_writers_take_turns_and_a_short_timeout_names_the_holder()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        var big = Path.Combine(Ws, "data", "events.csv");
        await using (var w = new StreamWriter(big, false, new UTF8Encoding(false), 1 << 16))
        {
            await w.WriteAsync("id,value,day\n");
            for (var i = 0; i < 2_000_000; i++)
            {
                await w.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{i},{i % 1000 / 8.0},2024-{(i % 12) + 1:00}-{(i % 28) + 1:00}\n"));
            }
        }

        File.WriteAllText(Path.Combine(Ws, "data", "small.csv"), "id,name\n1,a\n2,b\n");
        using var first = Process.Start(Infrastructure.Cli.StartInfo(Ws, "ingest", big))!;
        var firstOut = first.StandardOutput.ReadToEndAsync();
        var firstErr = first.StandardError.ReadToEndAsync();
        try
        {
            // The first load holds the warehouse: its holder file names it.
            var holder = Path.Combine(Ws, ".leanml", "warehouse.duckdb.holder");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(holder) && !first.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10);
            }

            Assert.True(File.Exists(holder), "the first load never held the warehouse");

            // A reader with a short timeout gives up, naming the command and its PID.
            var settings = File.ReadAllText(Path.Combine(Ws, "leanml.yaml"));
            File.WriteAllText(Path.Combine(Ws, "leanml.yaml"), settings.Replace("lock_timeout: 30s", "lock_timeout: 200ms", StringComparison.Ordinal));
            var refused = Run("sql", "SELECT 1");
            Assert.Equal(4, refused.ExitCode);
            Assert.Contains("in use by 'leanml ingest", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains($"PID {first.Id}", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("warehouse.lock_timeout", refused.Stderr, StringComparison.Ordinal);

            // A second writer with the default timeout waits its turn, and both loads land whole.
            File.WriteAllText(Path.Combine(Ws, "leanml.yaml"), settings);
            var second = Run("ingest", "data/small.csv", "--json");
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.True(first.HasExited, "the second writer finished while the first still held the warehouse");
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }

            await first.WaitForExitAsync();
        }

        Assert.True(first.ExitCode == 0, await firstErr);
        await firstOut;
        var counts = Run("sql", "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM small)", "--json").Json().GetProperty("rows")[0];
        Assert.Equal((2_000_000L, 2L), (counts[0].GetInt64(), counts[1].GetInt64()));
        Assert.False(File.Exists(Path.Combine(Ws, ".leanml", "warehouse.duckdb.holder")), "the holder file outlived its command");
    }

    [Fact]
    public async Task Serve_keeps_serving_while_the_cli_ingests_trains_and_promotes()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--example", "--customers", "800").ExitCode);
        Assert.Equal(0, Run("ingest", "data/").ExitCode);
        Assert.Equal(0, Run("build").ExitCode);   // the brief reads the transform churn_features
        var firstRun = Run("train", "churn", "--json").Json().GetProperty("run_id").GetString()!;
        // 800 customers may miss the brief's bar ("not yet"): this test is about concurrency, so the runs are forced.
        Assert.Equal(0, Run("promote", firstRun, "--force").ExitCode);

        // One customer's features, as the brief's dataset query gives them.
        var sql = LeanML.Training.ProjectBrief.Load(LeanML.Workspace.Workspace.Open(Ws), "churn").Dataset.Sql.TrimEnd().TrimEnd(';');
        var sample = Run("sql", $"SELECT * FROM ({sql}) d LIMIT 1", "--json").Json();
        var row = sample.GetProperty("columns").EnumerateArray().Select((c, i) => (c.GetString()!, sample.GetProperty("rows")[0][i]))
            .Where(p => p.Item1 is not ("churned" or "email" or "customer_id"))   // the label, the excluded column and the id are no features
            .ToDictionary(p => p.Item1, p => (object?)(p.Item2.ValueKind == JsonValueKind.Null ? null : p.Item2));
        await using var server = await Infrastructure.ServeProcess.StartAsync(Ws);
        using (var client = server.Client())
        {
            Assert.Equal(firstRun, await ServedRunAsync(client, row));

            // While it serves: a new export loads, a new model trains, and its promotion reaches the server.
            File.Copy(Path.Combine(Ws, "data", "plans.xlsx"), Path.Combine(Ws, "data", "plans_copy.xlsx"));
            var ingest = Run("ingest", "data/plans_copy.xlsx");
            Assert.True(ingest.ExitCode == 0, ingest.ToString());
            var trained = Run("train", "churn", "--seed", "1", "--json");
            Assert.True(trained.ExitCode == 0, trained.ToString());
            var secondRun = trained.Json().GetProperty("run_id").GetString()!;
            Assert.Equal(0, Run("promote", secondRun, "--force").ExitCode);
            var clock = Stopwatch.StartNew();
            while (await ServedRunAsync(client, row) != secondRun && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            Assert.Equal(secondRun, await ServedRunAsync(client, row));
        }

        await server.StopAsync();
        Assert.Equal(0, server.ExitCode);
    }

    // The run that answers a prediction of the row.
    private static async Task<string> ServedRunAsync(HttpClient client, Dictionary<string, object?> row)
    {
        using var response = await client.PostAsJsonAsync("/v1/projects/churn/predict", new { rows = new[] { row } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("run_id").GetString()!;
    }
}
