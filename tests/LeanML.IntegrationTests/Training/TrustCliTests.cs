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

    [Fact]
    public void A_row_number_a_column_set_for_one_class_and_a_date_after_the_time_column_are_each_named()
    {
        var ws = Example();
        var brief = Path.Combine(ws, "projects", "churn", "project.yaml");
        var text = File.ReadAllText(brief);
        // Three planted leaks beside the honest features, each for one check, none predicting the label alone:
        // a load's line number (unique_per_row); a "refund" amount filled in for half the churners and NULL elsewhere
        // (one_class_only: the column alone ranks only those churners first, AUC ≈ 0.75); and a contact date spread
        // from 20 days before to 19 after the snapshot, which becomes the brief's time column (after_time).
        text = text.Replace("SELECT * FROM churn_features ORDER BY customer_id",
            "SELECT f.*, ROW_NUMBER() OVER (ORDER BY f.customer_id) AS load_line, " +
            "CASE WHEN f.churned = 1 AND f.tenure_days % 2 = 0 THEN f.tenure_days * 1.5 END AS refund_amount, " +
            "DATE '2026-09-28' AS snapshot_date, DATE '2026-09-28' + CAST(f.tenure_days % 40 AS INTEGER) - 20 AS last_contact_on " +
            "FROM churn_features f ORDER BY customer_id", StringComparison.Ordinal);
        text = text.Replace("  label: churned\n", "  label: churned\n  time: snapshot_date\n", StringComparison.Ordinal);
        Assert.Contains("time: snapshot_date", text, StringComparison.Ordinal);
        File.WriteAllText(brief, text);
        var train = Infrastructure.Cli.Run(ws, "train", "churn", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var r = train.Json();

        var found = r.GetProperty("leakage").EnumerateArray().ToDictionary(l => l.GetProperty("feature").GetString()!, l => l.GetProperty("check").GetString()!);
        Assert.Equal(
            new Dictionary<string, string> { ["last_contact_on"] = "after_time", ["load_line"] = "unique_per_row", ["refund_amount"] = "one_class_only" },
            new SortedDictionary<string, string>(found, StringComparer.Ordinal));
        // The verdict names the first warning; each one is a warning of the run and a line on stderr.
        var first = r.GetProperty("leakage")[0].GetProperty("feature").GetString()!;
        Assert.Matches($"^(done|not yet).* — but '{first}' .*: check for leakage$", r.GetProperty("verdict").GetString()!);
        var warnings = r.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        foreach (var (feature, message) in new[]
        {
            ("load_line", "holds a different whole number on"),
            ("refund_amount", "every one of class '1', and NULL on every other class's row"),
            ("last_contact_on", "is later than the time column 'snapshot_date' on"),
        })
        {
            Assert.Contains(warnings, w => w.StartsWith($"leakage? the {(feature == "last_contact_on" ? "date" : "feature")} '{feature}' ", StringComparison.Ordinal) && w.Contains(message, StringComparison.Ordinal));
            Assert.Contains($"'{feature}'", train.Stderr, StringComparison.Ordinal);
        }

        // Recorded in the run: show prints them again.
        var show = Infrastructure.Cli.Run(ws, "show", r.GetProperty("run_id").GetString()!);
        Assert.Contains("warning: leakage? the feature 'load_line'", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Telco_raises_no_leakage_warning()
    {
        var ws = _dir.Path;
        File.WriteAllText(_dir.Combine("leanml.yaml"), "warehouse:\n  provider: duckdb\n");
        Directory.CreateDirectory(_dir.Combine("projects", "churn"));
        File.WriteAllText(_dir.Combine("projects", "churn", "project.yaml"), """
            name: churn
            question: Which customers will cancel?
            decision: Call the riskiest first.
            owner: ana@acme.example
            stage: modeling
            task: binary
            dataset:
              sql: SELECT * FROM telco
              id: customer_id
              label: churn
            baseline:
              name: month-to-month contracts
              sql: CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END
            metric: auc
            done_when: auc >= 0.75
            """);
        var ingest = Infrastructure.Cli.Run(ws, "ingest", Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"), "--table", "telco");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var train = Infrastructure.Cli.Run(ws, "train", "churn", "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        var r = train.Json();
        Assert.Equal(0, r.GetProperty("leakage").GetArrayLength());
        Assert.DoesNotContain("leakage", r.GetProperty("verdict").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain("leakage?", train.Stderr, StringComparison.Ordinal);
        // The checks ran on real features: the model is a real one, not a run with nothing to check.
        Assert.InRange(r.GetProperty("metrics").GetProperty("test").GetProperty("auc").GetDouble(), 0.78, 0.90);
    }
}
