using System.Net;
using System.Text;
using LeanML.IntegrationTests.Monitoring;
using LeanML.IntegrationTests.Scoring;
using LeanML.IntegrationTests.Serving;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.IntegrationTests.Training;

/// <summary>
/// <c>leanml train --include-outcomes</c> end to end with the CLI as processes: a model trained and promoted, served over
/// HTTP (the server logs each row's inputs), outcomes arriving in the warehouse, then a retrain that adds the labelled
/// live rows to train and valid only: the counts, the unchanged test rows, and the errors a user sees.
/// </summary>
public sealed class IncludeOutcomesCliTests
{
    private const string Brief = """
        task: binary
        dataset:
          sql: SELECT * FROM telco
          id: customerID
          label: Churn
        baseline:
          name: month-to-month
          sql: CASE WHEN "Contract" = 'Month-to-month' THEN 1.0 ELSE 0.0 END
        metric: auc
        done_when: auc >= 0.5
        outcome:
          sql: SELECT customer, churned, known_at FROM churn_outcomes
          id: customer
          label: churned
          time: known_at
          horizon: 30d
          train: true
        """;

    [Fact]
    public async Task Labelled_live_rows_join_train_and_valid_and_the_test_rows_stay_the_datasets()
    {
        using var ws = ServingWorkspace.Create();
        // The dataset: the first 1,000 Telco customers.
        await ws.CreateTelcoTableAsync("telco", rowCount: 1000);
        var brief = Path.Combine(ws.Root, "projects", "churn", "project.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(brief)!);
        await File.WriteAllTextAsync(brief, Brief);

        var first = await Infrastructure.Cli.RunAsync(ws.Root, "train", "churn", "--param", "rounds=20", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var baseRun = first.Json();
        var runId = baseRun.GetProperty("run_id").GetString()!;
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(ws.Root, "promote", runId)).ExitCode);

        // Served: customers 1,001-1,200 (new), 1-5 (already in the dataset) and 1,001 a second time.
        var telco = ServingWorkspace.TelcoRows();
        var churn = Array.IndexOf(telco[0], "Churn");
        string Row(int i) => "{\"customerID\": \"" + telco[i + 1][0] + "\", " + PredictApiTests.TelcoRowJson(i)[1..];
        int[] fresh = [.. Enumerable.Range(1000, 200)];
        int[] known = [0, 1, 2, 3, 4];
        await ServeAsync(ws.Root, ["{\"rows\": [" + string.Join(", ", fresh.Concat(known).Select(Row)) + "]}", "{\"rows\": [" + Row(1000) + "]}"]);

        // No outcome yet: a warning, and the dataset alone.
        await WatchData.OutcomesAsync(ws.Workspace, []);
        var none = await Infrastructure.Cli.RunAsync(ws.Root, "train", "churn", "--include-outcomes", "--param", "rounds=20", "--json");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal(0, none.Json().GetProperty("data").GetProperty("outcomes").GetProperty("added").GetInt32());
        Assert.Contains(none.Json().GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("no prediction of 'churn' has its outcome yet", StringComparison.Ordinal));

        // The truth arrives: each served customer's label from the CSV.
        await using (var warehouse = await Warehouse.OpenAsync(ws.Workspace))
        {
            foreach (var i in fresh.Concat(known))
            {
                await using var cmd = warehouse.Command("INSERT INTO churn_outcomes (customer, churned, known_at) VALUES (@c, @l, @t)");
                cmd.Bind("@c", telco[i + 1][0]);
                cmd.Bind("@l", telco[i + 1][churn]);
                cmd.Bind("@t", WatchData.Time(DateTimeOffset.UtcNow.AddMinutes(1)));
                await cmd.ExecuteNonQueryAsync();
            }
        }

        var result = await Infrastructure.Cli.RunAsync(ws.Root, "train", "churn", "--include-outcomes", "--param", "rounds=20", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var run = result.Json();
        var data = run.GetProperty("data");
        var outcomes = data.GetProperty("outcomes");
        Assert.Equal(206, outcomes.GetProperty("labelled").GetInt64());
        Assert.Equal(200, outcomes.GetProperty("added").GetInt32());
        Assert.Equal(5, outcomes.GetProperty("in_dataset").GetInt64());
        Assert.Equal(1, outcomes.GetProperty("repeated").GetInt64());
        Assert.Equal(0, outcomes.GetProperty("without_inputs").GetInt64());
        Assert.Equal(0, outcomes.GetProperty("unusable").GetInt64());
        // Train or valid by the id's hash (split seed 0): below 0.8 train, as 0.64 : 0.16.
        var toTrain = fresh.Count(i => SplitHash.Unit(SplitHash.OfId(telco[i + 1][0]), 0) < 0.8);
        Assert.Equal(toTrain, outcomes.GetProperty("train").GetInt32());
        Assert.Equal(200 - toTrain, outcomes.GetProperty("valid").GetInt32());
        Assert.Equal(1200, data.GetProperty("rows").GetInt32());
        var baseData = baseRun.GetProperty("data");
        Assert.Equal(baseData.GetProperty("train_rows").GetInt32() + toTrain, data.GetProperty("train_rows").GetInt32());
        Assert.Equal(baseData.GetProperty("valid_rows").GetInt32() + 200 - toTrain, data.GetProperty("valid_rows").GetInt32());
        // The test rows are the dataset's: the same count, and the rule (which does not learn) scores exactly the same on them.
        Assert.Equal(baseData.GetProperty("test_rows").GetInt32(), data.GetProperty("test_rows").GetInt32());
        Assert.Equal(
            baseRun.GetProperty("metrics").GetProperty("business_baseline").GetProperty("auc").GetDouble(),
            run.GetProperty("metrics").GetProperty("business_baseline").GetProperty("auc").GetDouble());
        Assert.Contains("trained with 200 live rows from outcomes", run.GetProperty("verdict").GetString(), StringComparison.Ordinal);

        var newRun = run.GetProperty("run_id").GetString()!;
        var show = await Infrastructure.Cli.RunAsync(ws.Root, "show", newRun, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal(200, show.Json().GetProperty("run").GetProperty("data").GetProperty("outcomes").GetProperty("added").GetInt32());
        var text = await Infrastructure.Cli.RunAsync(ws.Root, "show", newRun);
        Assert.Contains("outcomes 200 live rows added", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 already in the dataset", text.Stdout, StringComparison.Ordinal);

        // Without the brief's say-so, or without an outcome block: exit 3 naming the key to add.
        await File.WriteAllTextAsync(brief, Brief.Replace("train: true", "train: false", StringComparison.Ordinal));
        var notMapped = await Infrastructure.Cli.RunAsync(ws.Root, "train", "churn", "--include-outcomes");
        Assert.True(notMapped.ExitCode == 3, notMapped.ToString());
        Assert.Contains("add 'train: true' under outcome:", notMapped.Stderr, StringComparison.Ordinal);
        Assert.Contains("project.yaml", notMapped.Stderr, StringComparison.Ordinal);
        await File.WriteAllTextAsync(brief, Brief[..Brief.IndexOf("outcome:", StringComparison.Ordinal)]);
        var noBlock = await Infrastructure.Cli.RunAsync(ws.Root, "train", "churn", "--include-outcomes");
        Assert.True(noBlock.ExitCode == 3, noBlock.ToString());
        Assert.Contains("--include-outcomes needs the brief's outcome: block", noBlock.Stderr, StringComparison.Ordinal);
    }

    // Runs 'leanml serve' on a free port, posts each body to the churn model, then stops it with SIGTERM (which flushes the log).
    private static async Task ServeAsync(string root, IEnumerable<string> bodies)
    {
        await using var serve = await Infrastructure.ServeProcess.StartAsync(root, TimeSpan.FromSeconds(120));
        using (var client = serve.Client())
        {
            foreach (var body in bodies)
            {
                using var response = await client.PostAsync("/v1/projects/churn/predict", new StringContent(body, Encoding.UTF8, "application/json"));
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            }
        }

        await serve.StopAsync();
        Assert.Contains("206 predictions logged", serve.Stderr, StringComparison.Ordinal);
    }
}
