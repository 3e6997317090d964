using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Training;

/// <summary>
/// The trust report on the example company, through the real CLI: intervals, no leakage warning on honest data, the
/// decision of its brief ("calls the 50 highest-risk customers"), cross-validation (2 folds: the CLI has 5 minutes
/// on a shared machine), calibration, and a planted leak
/// named in the verdict.
/// </summary>
public sealed class TrustCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Example()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--example").ExitCode);
        var ws = _dir.Combine("acme");
        var ingest = Infrastructure.Cli.Run(ws, "ingest", "data/");
        Assert.True(ingest.ExitCode is 0 or 1, ingest.ToString());
        var build = Infrastructure.Cli.Run(ws, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        return ws;
    }

    [Fact]
    public void The_example_company_gets_intervals_its_decision_cv_and_calibration_and_no_leakage_warning()
    {
        var ws = Example();
        var brief = Path.Combine(ws, "projects", "churn", "project.yaml");
        File.AppendAllText(brief, "decision_k: 50\nvalue: {tp: 120, fp: -15}\n");
        var train = Infrastructure.Cli.Run(ws, "train", "churn", "--cv", "2", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var r = train.Json();

        Assert.StartsWith("done: auc ", r.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.True(r.GetProperty("bar_met").GetBoolean());
        Assert.True(r.GetProperty("bar_certain").GetBoolean());
        Assert.Equal(0, r.GetProperty("leakage").GetArrayLength());
        Assert.Equal("id hash", r.GetProperty("data").GetProperty("split_method").GetString());
        var test = r.GetProperty("metrics").GetProperty("test");
        foreach (var metric in new[] { "auc", "logloss", "accuracy", "f1", "average_precision" })
        {
            var (value, low, high) = (test.GetProperty(metric).GetDouble(), test.GetProperty(metric + "_low").GetDouble(), test.GetProperty(metric + "_high").GetDouble());
            Assert.True(low <= value && value <= high && low < high, $"{metric}: {low} {value} {high}");
        }

        // The decision: the model's top 50 against the rule's, with the confusion matrix and the value.
        var d = r.GetProperty("decision");
        Assert.Equal(50, d.GetProperty("k").GetInt32());
        var c = d.GetProperty("confusion");
        var testRows = r.GetProperty("data").GetProperty("test_rows").GetInt32();
        Assert.Equal(50, c.GetProperty("tp").GetDouble() + c.GetProperty("fp").GetDouble(), 9);
        Assert.Equal(testRows, c.GetProperty("tp").GetDouble() + c.GetProperty("fp").GetDouble() + c.GetProperty("fn").GetDouble() + c.GetProperty("tn").GetDouble(), 9);
        Assert.Equal((120 * c.GetProperty("tp").GetDouble()) - (15 * c.GetProperty("fp").GetDouble()), d.GetProperty("value").GetDouble(), 9);
        Assert.Equal(c.GetProperty("tp").GetDouble() / 50, d.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(c.GetProperty("tp").GetDouble(), d.GetProperty("positives_reached").GetDouble(), 12);
        Assert.True(d.GetProperty("precision").GetDouble() > d.GetProperty("rule").GetProperty("precision").GetDouble());
        Assert.Equal(d.GetProperty("value").GetDouble() - d.GetProperty("rule").GetProperty("value").GetDouble(), d.GetProperty("value_over_rule").GetDouble(), 9);

        // Two folds of the train and valid rows, their mean and spread beside the test figure.
        var cv = r.GetProperty("cv");
        Assert.Equal(2, cv.GetProperty("k").GetInt32());
        var folds = cv.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal(2, folds.Count);
        Assert.Equal(r.GetProperty("data").GetProperty("train_rows").GetInt32() + r.GetProperty("data").GetProperty("valid_rows").GetInt32(), folds.Sum(f => f.GetProperty("rows").GetInt32()));
        var aucs = folds.Select(f => f.GetProperty("metrics").GetProperty("auc").GetDouble()).ToArray();
        Assert.Equal(aucs.Average(), cv.GetProperty("mean").GetProperty("auc").GetDouble(), 12);
        Assert.InRange(aucs.Average(), 0.7, 0.95);
        Assert.Equal(10, r.GetProperty("calibration").GetProperty("bins").GetArrayLength());
        Assert.Contains("cv 2-fold auc:", Infrastructure.Cli.Run(ws, "show", r.GetProperty("run_id").GetString()!).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_of_the_label_is_named_in_the_verdict_and_recorded_in_the_run()
    {
        var ws = Example();
        var brief = Path.Combine(ws, "projects", "churn", "project.yaml");
        var text = File.ReadAllText(brief);
        // The planted leak: the label again, under another name.
        text = text.Replace("SELECT * FROM churn_features ORDER BY customer_id",
            "SELECT f.*, CASE WHEN f.churned = 1 THEN 'yes' ELSE 'no' END AS churn_flag FROM churn_features f ORDER BY customer_id", StringComparison.Ordinal);
        Assert.Contains("AS churn_flag", text, StringComparison.Ordinal);
        File.WriteAllText(brief, text);
        var train = Infrastructure.Cli.Run(ws, "train", "churn", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var r = train.Json();
        Assert.EndsWith(" — but 'churn_flag' alone predicts the label: check for leakage", r.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        var leak = r.GetProperty("leakage")[0];
        Assert.Equal("churn_flag", leak.GetProperty("feature").GetString());
        Assert.Equal("alone_predicts", leak.GetProperty("check").GetString());
        Assert.Contains(r.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("'churn_flag' alone predicts", StringComparison.Ordinal));
        Assert.Contains("leakage? the feature 'churn_flag'", train.Stderr, StringComparison.Ordinal);
    }
}
