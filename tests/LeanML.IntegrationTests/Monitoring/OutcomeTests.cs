using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.IntegrationTests.Scoring;
using LeanML.Monitoring;
using LeanML.Scoring;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.IntegrationTests.Monitoring;

/// <summary>
/// Outcomes joined to logged and batch predictions by row id and time on a real warehouse: late, missing, pending and
/// id-less predictions counted; the realised figures from the labelled ones; outcomes and mistakes through the CLI.
/// </summary>
public abstract class OutcomeTests : IAsyncLifetime
{
    protected abstract ServingWorkspace NewWorkspace();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static async Task<string> PrepareAsync(ServingWorkspace ws)
    {
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        WatchData.WriteBrief(ws.Root);
        const string inputs = """{"contract": "Month-to-month", "tenure": 3}""";
        await WatchData.LogAsync(ws.Workspace, "churn", run,
        [
            ("p-labelled-yes", "c1", Now.AddDays(-10), 0.9, inputs),
            ("p-false-positive", "c2", Now.AddDays(-10), 0.8, inputs),
            ("p-late", "c3", Now.AddDays(-40), 0.2, inputs),
            ("p-missing", "c4", Now.AddDays(-35), 0.3, inputs),
            ("p-pending", "c5", Now.AddDays(-2), 0.4, inputs),
            ("p-earlier-truth", "c6", Now.AddDays(-2), 0.6, inputs),
            ("p-no-row", null, Now.AddDays(-3), 0.7, inputs),
            ("p-unreadable", "c7", Now.AddDays(-10), 0.1, inputs),
        ]);
        // Batch: the first 20 Telco customers scored into a table, scored 7 days ago; their truth known a day ago.
        await ws.CreateTelcoTableAsync("telco", rowCount: 20);
        await new BatchScorer(ws.Workspace).ScoreAsync("churn", "telco", "churn_scores", null);
        await using (var warehouse = await Warehouse.OpenAsync(ws.Workspace))
        await using (var backdate = warehouse.Command("UPDATE churn_scores SET scored_at = @t"))
        {
            backdate.Bind("@t", DateTime.SpecifyKind(Now.AddDays(-7).UtcDateTime, DateTimeKind.Unspecified));   // scored_at is a TIMESTAMP (UTC)
            await backdate.ExecuteNonQueryAsync();
        }

        var telco = ServingWorkspace.TelcoRows();
        var churn = Array.IndexOf(telco[0], "Churn");
        await WatchData.OutcomesAsync(ws.Workspace,
        [
            ("c1", "Yes", Now.AddDays(-5)),
            ("c2", "No", Now.AddDays(-3)),
            ("c3", "Yes", Now.AddDays(-1)),
            ("c6", "Yes", Now.AddDays(-20)),
            ("c7", "Maybe", Now.AddDays(-1)),
            .. telco.Skip(1).Take(20).Select(r => (r[0], r[churn], Now.AddDays(-1))),
        ]);
        return run;
    }

    [Fact]
    public async Task Logged_and_batch_predictions_join_their_outcomes_by_row_id_and_time()
    {
        using var ws = NewWorkspace();
        var run = await PrepareAsync(ws);

        var data = await new LivePerformanceService(ws.Workspace).LoadAsync("churn", Now.AddDays(-60), Now);

        Assert.Equal(run, data.Run.Id);
        Assert.Equal(25, data.OutcomesRead);
        var counts = OutcomeCounts.Of(data.Joined);
        // 8 logged + 20 batch; labelled: c1, c2, c7 (unreadable label) and the 20 batch rows.
        Assert.Equal(new OutcomeCounts(28, 23, 2, 1, 1, 1), counts);
        Assert.Equal(1, data.UnreadableLabels);
        Assert.Equal(20, data.Joined.Count(j => j.Prediction.Source == "batch" && j.Status == OutcomeStatus.Labelled));
        Assert.Equal(OutcomeStatus.Late, data.Joined.Single(j => j.Prediction.PredictionId == "p-late").Status);
        Assert.Equal(OutcomeStatus.Missing, data.Joined.Single(j => j.Prediction.PredictionId == "p-missing").Status);

        // The realised AUC over the 22 readable labelled rows, against Training's own AUC on the same scores and labels
        // (the batch scores are libxgboost's predictions of the fixture, rows 1-20).
        var expected = ServingWorkspace.TelcoExpected();
        var telco = ServingWorkspace.TelcoRows();
        var churn = Array.IndexOf(telco[0], "Churn");
        var scores = new List<double> { 0.9, 0.8 };
        var labels = new List<float> { 1, 0 };
        for (var i = 0; i < 20; i++)
        {
            scores.Add(expected[i]);
            labels.Add(telco[i + 1][churn] == "Yes" ? 1 : 0);
        }

        var report = LivePerformanceService.Measure(data, Now.AddDays(-60), Now, LiveWindow.Week, RawScoreCalibration.Instance);
        Assert.Equal(22, report.Realised!.N);
        Assert.Equal(TrainingMetrics.Auc([.. labels], [.. scores]), report.Realised.Auc!.Value, 6);
        Assert.Equal(TrainingMetrics.BinaryAccuracy([.. labels], [.. scores]), report.Realised.Accuracy!.Value, 12);
        Assert.Equal(28, report.Estimated!.N);
        Assert.Equal(23 / 28.0, report.LabelsArrived, 12);
        Assert.Equal(0.8, report.Test.Auc);
        Assert.Equal(28, report.Windows.Sum(w => w.Counts.Predictions));
    }

    [Fact]
    public async Task Outcomes_and_mistakes_commands_print_json_and_name_a_missing_outcome_block()
    {
        using var ws = NewWorkspace();
        await PrepareAsync(ws);

        var outcomes = Infrastructure.Cli.Run(ws.Root, "outcomes", "churn", "--since", "60d", "--window", "day", "--json");
        Assert.True(outcomes.ExitCode == 0, outcomes.ToString());
        var performance = outcomes.Json().GetProperty("performance");
        Assert.Equal(23, performance.GetProperty("counts").GetProperty("labelled").GetInt64());
        Assert.Equal(1, performance.GetProperty("counts").GetProperty("late").GetInt64());
        Assert.True(performance.GetProperty("realised").TryGetProperty("auc_low", out _));
        Assert.True(performance.GetProperty("estimated").TryGetProperty("accuracy_high", out _));

        var human = Infrastructure.Cli.Run(ws.Root, "outcomes", "churn", "--since", "60d");
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("labels arrived: 82%", human.Stdout, StringComparison.Ordinal);

        var mistakes = Infrastructure.Cli.Run(ws.Root, "mistakes", "churn", "--top", "3", "--since", "60d", "--json");
        Assert.True(mistakes.ExitCode == 0, mistakes.ToString());
        var list = mistakes.Json().GetProperty("mistakes").EnumerateArray().ToList();
        Assert.InRange(list.Count, 1, 3);
        var fp = list.Single(m => m.GetProperty("prediction_id").GetString() == "p-false-positive");
        Assert.Equal("false positive", fp.GetProperty("kind").GetString());
        Assert.Equal("Month-to-month", fp.GetProperty("inputs").GetProperty("contract").GetString());

        File.WriteAllText(Path.Combine(ws.Root, "projects", "churn", "project.yaml"), WatchData.Brief[..WatchData.Brief.IndexOf("outcome:", StringComparison.Ordinal)]);
        var none = Infrastructure.Cli.Run(ws.Root, "outcomes", "churn");
        Assert.True(none.ExitCode == 3, none.ToString());
        Assert.Contains("no outcome: block", none.Stderr, StringComparison.Ordinal);
        Assert.Contains("project.yaml", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Infrastructure.Cli.Run(ws.Root, "outcomes", "churn", "--since", "soon").ExitCode);
    }

    [Fact]
    public async Task Mistakes_carry_the_contributions_leanml_explain_gives_for_the_same_logged_rows()
    {
        using var ws = NewWorkspace();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        WatchData.WriteBrief(ws.Root);
        // Telco CSV rows 21-120 served (logged with their inputs, as the server logs them; scores are libxgboost's
        // predictions of the fixture) and rows 1-20 batch-scored (inputs not kept); every outcome is the CSV's label.
        var telco = ServingWorkspace.TelcoRows();
        var churn = Array.IndexOf(telco[0], "Churn");
        var expected = ServingWorkspace.TelcoExpected();
        var served = Enumerable.Range(20, 100).ToList();
        await WatchData.LogAsync(ws.Workspace, "churn", run,
            served.Select(i => ("p" + i, (string?)telco[i + 1][0], Now.AddDays(-10), (double)expected[i], Serving.PredictApiTests.TelcoRowJson(i))));
        await ws.CreateTelcoTableAsync("telco", rowCount: 20);
        await new BatchScorer(ws.Workspace).ScoreAsync("churn", "telco", "churn_scores", null);
        await WatchData.OutcomesAsync(ws.Workspace, [.. Enumerable.Range(0, 120).Select(i => (telco[i + 1][0], telco[i + 1][churn], Now.AddDays(1)))]);

        var mistakes = Infrastructure.Cli.Run(ws.Root, "mistakes", "churn", "--top", "200", "--since", "60d", "--json");
        Assert.True(mistakes.ExitCode == 0, mistakes.ToString());
        var report = mistakes.Json();
        var list = report.GetProperty("mistakes").EnumerateArray().ToList();
        var logged = list.Where(m => m.GetProperty("source").GetString() == "log").ToList();
        var batch = list.Where(m => m.GetProperty("source").GetString() == "batch").ToList();
        // The fixture model errs at 0.5 on some of these rows (computed independently: libxgboost's scores against the CSV's labels).
        Assert.Equal(served.Count(i => (expected[i] >= 0.5) != (telco[i + 1][churn] == "Yes")), logged.Count);
        Assert.Equal(Enumerable.Range(0, 20).Count(i => (expected[i] >= 0.5) != (telco[i + 1][churn] == "Yes")), batch.Count);
        Assert.NotEmpty(logged);
        Assert.NotEmpty(batch);

        // leanml explain on the same rows (a CSV of the served rows), every contribution.
        var input = Path.Combine(ws.Root, "served.csv");
        await File.WriteAllLinesAsync(input, [string.Join(',', telco[0]), .. served.Select(i => string.Join(',', telco[i + 1]))]);
        var explain = Infrastructure.Cli.Run(ws.Root, "explain", "churn", "--input", input, "--top", "100", "--json");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        var explained = explain.Json().GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());
        foreach (var m in logged)
        {
            Assert.Equal(run, m.GetProperty("run_id").GetString());
            var mine = m.GetProperty("contributions").EnumerateArray().ToList();
            var theirs = explained[m.GetProperty("row_id").GetString()!];
            var reference = theirs.GetProperty("contributions").EnumerateArray().ToList();
            Assert.Equal(reference.Count, mine.Count);
            Assert.Equal(reference.Select(c => c.GetProperty("feature").GetString()), mine.Select(c => c.GetProperty("feature").GetString()));
            // The same float32 numbers (explain writes a float's shortest text, mistakes the float widened to a double).
            for (var k = 0; k < mine.Count; k++)
            {
                Assert.Equal(reference[k].GetProperty("contribution").GetSingle(), (float)mine[k].GetProperty("contribution").GetDouble());
            }

            Assert.Equal(theirs.GetProperty("bias").GetSingle(), (float)m.GetProperty("bias").GetDouble());
            // SHAP's local accuracy: bias plus every contribution is the margin, logit(score).
            var score = m.GetProperty("score").GetDouble();
            Assert.Equal(Math.Log(score / (1 - score)), m.GetProperty("bias").GetDouble() + mine.Sum(c => c.GetProperty("contribution").GetDouble()), 4);
        }

        foreach (var m in batch)
        {
            Assert.Equal(JsonValueKind.Null, m.GetProperty("contributions").ValueKind);
        }

        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains($"{batch.Count} of the listed mistakes are batch predictions, whose inputs are not kept", StringComparison.Ordinal));

        // The text output shows the top three of a logged mistake, worded as explain words them.
        var text = Infrastructure.Cli.Run(ws.Root, "mistakes", "churn", "--top", "200", "--since", "60d");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Their top 3 contributions", text.Stdout, StringComparison.Ordinal);
        var top = logged[0].GetProperty("contributions").EnumerateArray().Take(3).Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{c.GetProperty("feature").GetString()}={(c.GetProperty("value").ValueKind == JsonValueKind.Null ? "missing" : c.GetProperty("value").GetString())} {c.GetProperty("contribution").GetDouble():+0.000;-0.000;0.000}"));
        Assert.Contains($"  {logged[0].GetProperty("prediction_id").GetString()}  {string.Join(", ", top)}", text.Stdout, StringComparison.Ordinal);
    }
}

public sealed class DuckDbOutcomeTests : OutcomeTests
{
    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.Create();
}

public sealed class PostgresOutcomeTests : OutcomeTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_OUTCOMES_PG_" + Guid.NewGuid().ToString("N")[..8];

    public override async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.CreatePostgres(_variable);

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
    }
}
