
namespace LeanML.IntegrationTests.Training;

/// <summary>A workspace with a synthetic 400-row deals table, shared by the tests of one class (each uses its own project).</summary>
public sealed class DealsFixture : IDisposable
{
    public DealsFixture()
    {
        var rng = new Random(42);
        string[] channels = ["web", "partner", "outbound"];
        var rows = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var size = Math.Round(rng.NextDouble() * 100, 2);
            var channel = channels[rng.Next(3)];
            var amount = Math.Round((size * 3) + (channel == "partner" ? 50 : 0) + (rng.NextDouble() * 20), 2);
            var stage = size < 30 ? "lost" : size < 70 ? "open" : "won";
            var won = (size + (channel == "web" ? 20 : 0) + (rng.NextDouble() * 40)) > 80 ? 1 : 0;
            rows.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({i}, {size}, '{channel}', {amount}, '{stage}', {won})"));
        }

        Workspace.Sql("CREATE TABLE deals (id INTEGER, size REAL, channel TEXT, amount REAL, stage TEXT, won INTEGER)");
        Workspace.Sql("INSERT INTO deals VALUES " + string.Join(", ", rows));
    }

    public TrainingWorkspace Workspace { get; } = new();

    public void Dispose() => Workspace.Dispose();
}

/// <summary>Regression, multiclass, precision@k, data changes and bad briefs through the real CLI on a small synthetic table.</summary>
public sealed class TrainingCliTests(DealsFixture deals) : IClassFixture<DealsFixture>
{
    private readonly TrainingWorkspace _ws = deals.Workspace;

    private static string Brief(string task, string label, string baseline, string metric, string doneWhen, string table = "deals") => $"""
        task: {task}
        dataset:
          sql: SELECT id, size, channel, {label} FROM {table}
          id: id
          label: {label}
        baseline:
          name: rule
          sql: {baseline}
        metric: {metric}
        done_when: {doneWhen}
        """;

    [Fact]
    public void A_regression_reports_rmse_mae_r2_against_the_rule_and_the_mean()
    {
        _ws.Brief("amount", Brief("regression", "amount", "size * 3", "rmse", "r2 >= 0.9 and lift > 0"));
        var result = _ws.Cli("train", "amount", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var r = result.Json();
        var test = r.GetProperty("metrics").GetProperty("test");
        Assert.True(test.GetProperty("r2").GetDouble() > 0.9);
        var naive = r.GetProperty("metrics").GetProperty("naive_baseline");
        Assert.True(naive.GetProperty("r2").GetDouble() < 0.01);
        // rmse: lower is better, so lift = baseline rmse - model rmse.
        var rule = r.GetProperty("metrics").GetProperty("business_baseline").GetProperty("rmse").GetDouble();
        Assert.Equal(rule - test.GetProperty("rmse").GetDouble(), r.GetProperty("lift").GetDouble(), 9);
        Assert.True(r.GetProperty("bar_met").GetBoolean());
        Assert.StartsWith("done: rmse ", r.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_objective_the_managed_evaluator_does_not_know_is_still_scored_by_libxgboost()
    {
        // reg:absoluteerror trains in libxgboost 1.7, but serving's evaluator does not read it: the test rows are then
        // scored by libxgboost itself, and the run records its metrics as usual.
        _ws.Brief("amount_mae", Brief("regression", "amount", "size * 3", "mae", "r2 >= 0.9"));
        var result = _ws.Cli("train", "amount_mae", "--param", "objective=reg:absoluteerror", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var test = result.Json().GetProperty("metrics").GetProperty("test");
        Assert.True(test.GetProperty("r2").GetDouble() > 0.9, test.ToString());
        Assert.True(double.IsFinite(test.GetProperty("mae").GetDouble()), test.ToString());
    }

    [Fact]
    public void A_multiclass_model_reports_accuracy_logloss_and_macro_f1()
    {
        _ws.Brief("stage", Brief("multiclass", "stage", "CASE WHEN size < 50 THEN 'lost' ELSE 'won' END", "macro_f1", "accuracy >= 0.99"));
        var result = _ws.Cli("train", "stage", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var r = result.Json();
        var test = r.GetProperty("metrics").GetProperty("test");
        Assert.True(test.GetProperty("accuracy").GetDouble() > 0.95);
        Assert.True(test.TryGetProperty("macro_f1", out _));
        Assert.True(test.TryGetProperty("logloss", out _));
        Assert.True(r.GetProperty("metrics").GetProperty("business_baseline").GetProperty("accuracy").GetDouble() < 0.8);
        var schema = LeanML.Features.FeatureSchema.FromJson(File.ReadAllText(_ws.RunFile(r.GetProperty("run_id").GetString()!, "schema.json")));
        Assert.Equal(["lost", "open", "won"], schema.Classes);
    }

    [Fact]
    public void Precision_at_k_comes_from_the_brief_and_a_bar_not_met_still_exits_0()
    {
        _ws.Brief("won_top", Brief("binary", "won", "size / 100.0", "precision_at_20", "precision_at_20 >= 1.01"));
        var result = _ws.Cli("train", "won_top", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var r = result.Json();
        Assert.False(r.GetProperty("bar_met").GetBoolean());
        Assert.True(r.GetProperty("metrics").GetProperty("test").TryGetProperty("precision_at_20", out _));
        Assert.StartsWith("not yet: precision_at_20 ", r.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("the bar was precision_at_20 >= 1.01", r.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rerun_after_the_data_changed_says_what_changed_and_trains_anyway()
    {
        _ws.Sql("CREATE TABLE deals_copy AS SELECT * FROM deals");
        _ws.Brief("won_copy", Brief("binary", "won", "size / 100.0", "auc", "auc >= 0.7", table: "deals_copy"));
        var first = _ws.Cli("train", "won_copy", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var runId = first.Json().GetProperty("run_id").GetString()!;

        _ws.Sql("DELETE FROM deals_copy WHERE id >= 350");
        var rerun = _ws.Cli("rerun", runId, "--json");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var r = rerun.Json();
        Assert.False(r.GetProperty("data_unchanged").GetBoolean());
        Assert.False(r.GetProperty("reproduced").GetBoolean());
        Assert.Contains(r.GetProperty("data_changes").EnumerateArray(), c => c.GetString() == "rows: 400 then, 350 now (-50)");
        Assert.Contains("the data changed", r.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("the data changed since run", rerun.Stderr, StringComparison.Ordinal);
        Assert.Equal(runId, r.GetProperty("run").GetProperty("rerun_of").GetString());
    }

    [Theory]
    [InlineData("bad1", "task: binary", "task: binery", "bad1/project.yaml:1", "Did you mean 'binary'?")]
    [InlineData("bad2", "metric: auc", "metrc: auc", "bad2/project.yaml:9", "Did you mean 'metric'?")]
    [InlineData("bad3", "done_when: auc >= 0.7", "done_when: auc >= 0.7 and lfit > 0", "bad3/project.yaml:10", "Did you mean 'lift'?")]
    [InlineData("bad4", "  label: won\n", "", "bad4/project.yaml:3", "'dataset.label' is missing")]
    public void A_bad_brief_exits_3_with_file_line_and_the_fix(string project, string from, string to, string where, string fix)
    {
        _ws.Brief(project, Brief("binary", "won", "size / 100.0", "auc", "auc >= 0.7").Replace(from, to, StringComparison.Ordinal));
        var result = _ws.Cli("train", project);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains(where, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(fix, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_project_and_a_bad_param_exit_3()
    {
        _ws.Brief("won_auc", Brief("binary", "won", "size / 100.0", "auc", "auc >= 0.7"));
        var unknown = _ws.Cli("train", "won_ac");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("Did you mean 'won_auc'?", unknown.Stderr, StringComparison.Ordinal);

        var badParam = _ws.Cli("train", "won_auc", "--param", "max_depth=deep");
        Assert.Equal(3, badParam.ExitCode);
        Assert.Contains("--param max_depth=deep: write a finite number at least 0", badParam.Stderr, StringComparison.Ordinal);

        // A name libxgboost does not know is its own error, passed on as an input error.
        var badObjective = _ws.Cli("train", "won_auc", "--param", "objective=binary:nonsense");
        Assert.Equal(3, badObjective.ExitCode);
        Assert.Contains("XGBoost refused to train", badObjective.Stderr, StringComparison.Ordinal);
        Assert.Contains("binary:nonsense", badObjective.Stderr, StringComparison.Ordinal);
    }
}
