using System.Diagnostics;
using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Training;
using LeanML.XGBoost;

namespace LeanML.IntegrationTests.Training;

/// <summary>One Telco workspace trained once by the real CLI, shared by the tests below.</summary>
public sealed class TelcoFixture : IDisposable
{
    public TelcoFixture()
    {
        Workspace.LoadTelco();
        Workspace.Brief("churn", TrainingWorkspace.TelcoBrief);
        First = Workspace.Cli("train", "churn", "--json");
        Assert.True(First.ExitCode == 0, First.ToString());
        Report = First.Json();
        RunId = Report.GetProperty("run_id").GetString()!;
    }

    public TrainingWorkspace Workspace { get; } = new();

    public CliResult First { get; }

    public JsonElement Report { get; }

    public string RunId { get; }

    public void Dispose() => Workspace.Dispose();
}

public sealed class TelcoTrainingTests(TelcoFixture telco) : IClassFixture<TelcoFixture>
{
    // Golden: /usr/bin/python3, scikit-learn 1.2.1 roc_auc_score(churned, rule) on the 1437 test rows of split seed 0
    // (rows whose SplitMix64(FNV-1a(customerID) ^ SplitMix64(0)) / 2^64 >= 0.80, computed from the Telco CSV in Python), the
    // rule being CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END (computed live in the test below).
    private const double RuleTestAuc = 0.736132780911971;

    private TrainingWorkspace Ws => telco.Workspace;

    [Fact]
    public void The_model_beats_the_month_to_month_rule_and_the_bar_is_met()
    {
        var r = telco.Report;
        var modelAuc = r.GetProperty("metrics").GetProperty("test").GetProperty("auc").GetDouble();
        var ruleAuc = r.GetProperty("metrics").GetProperty("business_baseline").GetProperty("auc").GetDouble();
        Assert.True(modelAuc >= 0.83, $"test AUC {modelAuc}");
        // The rule is deterministic on the deterministic test rows: its AUC is exactly scikit-learn's (see the test
        // The_rules_auc_is_scikit_learns_on_the_test_rows for the live computation).
        Assert.Equal(RuleTestAuc, ruleAuc, 12);
        // A 0/1 rule gives no probabilities: no log loss (null), not the clipping constant's 9-odd.
        Assert.Equal(JsonValueKind.Null, r.GetProperty("metrics").GetProperty("business_baseline").GetProperty("logloss").ValueKind);
        Assert.Equal(0.5, r.GetProperty("metrics").GetProperty("naive_baseline").GetProperty("auc").GetDouble(), 12);
        Assert.True(r.GetProperty("bar_met").GetBoolean());
        Assert.Equal(7043, r.GetProperty("data").GetProperty("rows").GetInt32());
        // customer_id is the id, churned the label: neither is a feature.
        var features = r.GetProperty("data").GetProperty("features").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(19, features.Count);
        Assert.DoesNotContain("customer_id", features);
        // The verdict gives the 95% intervals of the AUC and of the lift (DESIGN.md section 4); on 1,437 test rows both
        // ends clear the bar, so the bar is met with certainty.
        var test = r.GetProperty("metrics").GetProperty("test");
        var (low, high) = (test.GetProperty("auc_low").GetDouble(), test.GetProperty("auc_high").GetDouble());
        var (liftLow, liftHigh) = (r.GetProperty("lift_low").GetDouble(), r.GetProperty("lift_high").GetDouble());
        Assert.True(low < modelAuc && modelAuc < high && liftLow < modelAuc - ruleAuc && modelAuc - ruleAuc < liftHigh, $"{low} {modelAuc} {high}; {liftLow} {liftHigh}");
        Assert.True(r.GetProperty("bar_certain").GetBoolean());
        Assert.Equal(
            $"done: auc {modelAuc:0.000} ({low:0.000}–{high:0.000}) beats the rule 'month-to-month customers' ({ruleAuc:0.000}) by {modelAuc - ruleAuc:0.000} ({liftLow:0.000}–{liftHigh:0.000}), positive class '1'; the bar was auc >= 0.80 and lift >= 0.05",
            r.GetProperty("verdict").GetString());
        // No leakage on Telco: no feature alone predicts churn, none is a row number, none is set for one class only.
        Assert.Equal(0, r.GetProperty("leakage").GetArrayLength());
        // Calibration and the two thresholds of a binary run.
        var calibration = r.GetProperty("calibration");
        Assert.Equal(10, calibration.GetProperty("bins").GetArrayLength());
        Assert.Equal(1437, calibration.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        Assert.InRange(calibration.GetProperty("brier").GetDouble(), 0.05, 0.2);
        Assert.True(r.GetProperty("thresholds").GetProperty("f1_max").GetProperty("f1").GetDouble() > 0.5);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("decision").ValueKind);
        Assert.Contains("round 50:", telco.First.Stderr, StringComparison.Ordinal);
        // Importance: every feature recorded, contract first (the rule's own column).
        Assert.Equal(19, r.GetProperty("importance").GetArrayLength());
        Assert.Equal("contract", r.GetProperty("importance")[0].GetProperty("feature").GetString());
    }

    [Fact]
    public void The_human_report_puts_the_verdict_above_the_table_and_records_artifacts()
    {
        var human = Ws.Cli("show", telco.RunId);
        Assert.Equal(0, human.ExitCode);
        var lines = human.Stdout.Split('\n');
        Assert.StartsWith("done: auc ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("* auc", StringComparison.Ordinal));
        foreach (var artifact in new[] { "model.json", "schema.json", "metrics.json", "params.json", "brief.yaml", "run.json" })
        {
            Assert.True(File.Exists(Ws.RunFile(telco.RunId, artifact)), artifact);
        }

        var schema = LeanML.Features.FeatureSchema.FromJson(File.ReadAllText(Ws.RunFile(telco.RunId, "schema.json")));
        var contract = schema.Features.Single(f => f.Name == "contract");
        Assert.Equal(LeanML.Features.FeatureKind.Category, contract.Kind);
        Assert.Equal(["Month-to-month", "One year", "Two year"], contract.Categories);
        Assert.Equal(4503, contract.Distribution!.BinCounts.Sum()); // the train rows of split seed 0 (Python, as RuleTestAuc)
        var total = schema.Features.Single(f => f.Name == "total_charges");
        Assert.True(total.AllowsMissing);
        Assert.Equal(LeanML.Features.FeatureKind.Number, total.Kind);
        Assert.NotEmpty(total.Distribution!.BinEdges);
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_bytes_and_rerun_says_reproduced()
    {
        var again = Ws.Cli("train", "churn", "--json");
        Assert.Equal(0, again.ExitCode);
        var secondId = again.Json().GetProperty("run_id").GetString()!;
        Assert.Equal(File.ReadAllBytes(Ws.RunFile(telco.RunId, "model.json")), File.ReadAllBytes(Ws.RunFile(secondId, "model.json")));

        var rerun = Ws.Cli("rerun", telco.RunId, "--json");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var json = rerun.Json();
        Assert.True(json.GetProperty("reproduced").GetBoolean());
        Assert.True(json.GetProperty("model_identical").GetBoolean());
        Assert.StartsWith("reproduced:", json.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var newId = json.GetProperty("run").GetProperty("run_id").GetString()!;
        Assert.Equal(File.ReadAllBytes(Ws.RunFile(telco.RunId, "model.json")), File.ReadAllBytes(Ws.RunFile(newId, "model.json")));
    }

    [Fact]
    public void A_tampered_artifact_is_reported_and_never_used()
    {
        var run = Ws.Cli("train", "churn", "--seed", "3", "--json").Json().GetProperty("run_id").GetString()!;
        var model = Ws.RunFile(run, "model.json");
        File.AppendAllText(model, " ");

        var show = Ws.Cli("show", run);
        Assert.Equal(1, show.ExitCode);
        Assert.Contains("model.json     changed", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("will not be used", show.Stderr, StringComparison.Ordinal);

        var promote = Ws.Cli("promote", run);
        Assert.Equal(3, promote.ExitCode);
        Assert.Contains("'model.json' is changed", promote.Stderr, StringComparison.Ordinal);

        var rerun = Ws.Cli("rerun", run);
        Assert.Equal(3, rerun.ExitCode);
        Assert.Contains("changed since training", rerun.Stderr, StringComparison.Ordinal);

        File.Delete(Ws.RunFile(run, "brief.yaml"));
        var missing = Ws.Cli("show", run, "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(missing.Json().GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("name").GetString() == "brief.yaml" && a.GetProperty("status").GetString() == "missing");
    }

    [Fact]
    public void Promote_runs_and_compare_show_the_production_model_and_the_differences()
    {
        var other = Ws.Cli("train", "churn", "--param", "max_depth=3", "--param", "rounds=60", "--param", "patience=0", "--json");
        Assert.True(other.ExitCode == 0, other.ToString());
        // Without early stopping, progress counts rounds and every round is kept.
        Assert.Contains("round 50 of 60", other.Stderr, StringComparison.Ordinal);
        Assert.Contains("kept 60 of 60 rounds (no early stopping)", other.Stderr, StringComparison.Ordinal);
        var otherId = other.Json().GetProperty("run_id").GetString()!;
        Assert.Equal("3", other.Json().GetProperty("parameters").GetProperty("booster").GetProperty("max_depth").GetString());

        var promote = Ws.CliWithEnvironment(new Dictionary<string, string> { ["LEANML_USER"] = "ana" }, "promote", telco.RunId, "--json");
        Assert.True(promote.ExitCode == 0, promote.ToString());
        Assert.Equal("ana", promote.Json().GetProperty("promoted_by").GetString());

        var runs = Ws.Cli("runs", "churn", "--json").Json().GetProperty("runs").EnumerateArray().ToList();
        Assert.True(runs.Count >= 2);
        Assert.True(string.CompareOrdinal(runs[0].GetProperty("id").GetString(), runs[^1].GetProperty("id").GetString()) > 0, "newest first");
        Assert.Single(runs, r => r.GetProperty("production").GetBoolean());
        Assert.True(runs.Single(r => r.GetProperty("production").GetBoolean()).GetProperty("id").GetString() == telco.RunId);

        var compare = Ws.Cli("compare", telco.RunId, otherId);
        Assert.Equal(0, compare.ExitCode);
        Assert.Contains(compare.Stdout.Split('\n'), l => l.StartsWith("* max_depth", StringComparison.Ordinal) && l.Contains('6') && l.Contains('3'));
        Assert.Contains(compare.Stdout.Split('\n'), l => l.StartsWith("  eta", StringComparison.Ordinal));
        Assert.Contains("brief: identical", compare.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_saved_model_predicts_the_same_in_python_xgboost()
    {
        // Rebuild the run's test rows exactly as training did, predict with the saved model.json in libxgboost
        // (through our binding) and in Python's xgboost, and compare row by row.
        var brief = ProjectBrief.Parse("churn", "project.yaml", TrainingWorkspace.TelcoBrief);
        await using var warehouse = await Warehouse.OpenAsync(Ws.Workspace);
        var set = await TrainingSetReader.ReadAsync(warehouse, brief);
        var split = DataSplit.Create(set, "binary", 0);
        var matrix = set.RowMajor(split.Test);
        var modelPath = Ws.RunFile(telco.RunId, "model.json");
        using var booster = Booster.Load(File.ReadAllBytes(modelPath));
        using var dm = DMatrix.FromRowMajor(matrix, split.Test.Length, set.Columns.Count);
        dm.SetFeatureTypes(set.Features.Select(f => f.Kind == LeanML.Features.FeatureKind.Category ? "c" : "q").ToList());
        var ours = booster.Predict(dm);
        // The recorded test metrics are those of these very predictions (training scores the test rows with the
        // managed evaluator): AUC only sees their order, log loss their exact values.
        var test = telco.Report.GetProperty("metrics").GetProperty("test");
        var scores = ours.Select(x => (double)x).ToArray();
        Assert.Equal(test.GetProperty("auc").GetDouble(), TrainingMetrics.Auc(set.LabelsOf(split.Test), scores), 12);
        Assert.Equal(test.GetProperty("logloss").GetDouble(), TrainingMetrics.BinaryLogLoss(set.LabelsOf(split.Test), scores), 15);

        var dataFile = Path.Combine(Ws.Root, "test-rows.f32");
        var outFile = Path.Combine(Ws.Root, "python-predictions.f32");
        File.WriteAllBytes(dataFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(matrix.AsSpan()).ToArray());
        var script = $$"""
            import numpy as np, xgboost as xgb
            b = xgb.Booster()
            b.load_model({{JsonSerializer.Serialize(modelPath)}})
            x = np.fromfile({{JsonSerializer.Serialize(dataFile)}}, dtype=np.float32).reshape(-1, {{set.Columns.Count}})
            d = xgb.DMatrix(x, feature_names=b.feature_names, feature_types=b.feature_types, enable_categorical=True, missing=np.nan)
            b.predict(d).astype(np.float32).tofile({{JsonSerializer.Serialize(outFile)}})
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        using (var python = Process.Start(psi)!)
        {
            await python.StandardInput.WriteAsync(script);
            python.StandardInput.Close();
            var err = await python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();
            Assert.True(python.ExitCode == 0, "python3-xgboost failed (test.sh installs python3-xgboost): " + err);
        }

        var theirs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outFile)).ToArray();
        Assert.Equal(ours.Length, theirs.Length);
        Assert.Equal(ours, theirs);
        Assert.Equal(1437, ours.Length);
    }

    [Fact]
    public async Task The_rules_auc_is_scikit_learns_on_the_test_rows()
    {
        // The test rows exactly as training split them; the rule's values as the warehouse computed them.
        var brief = ProjectBrief.Parse("churn", "project.yaml", TrainingWorkspace.TelcoBrief);
        await using var warehouse = await Warehouse.OpenAsync(Ws.Workspace);
        var set = await TrainingSetReader.ReadAsync(warehouse, brief);
        var split = DataSplit.Create(set, "binary", 0);
        var rows = split.Test.Select(r => $"{set.Labels[r].ToString(System.Globalization.CultureInfo.InvariantCulture)},{set.Baseline[r].ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var csv = Path.Combine(Ws.Root, "rule-test-rows.csv");
        await File.WriteAllLinesAsync(csv, ["churned,rule", .. rows]);
        var script = $"""
            import pandas as pd
            from sklearn.metrics import roc_auc_score
            d = pd.read_csv({JsonSerializer.Serialize(csv)})
            print(repr(roc_auc_score(d.churned, d.rule)), len(d))
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var python = Process.Start(psi)!;
        await python.StandardInput.WriteAsync(script);
        python.StandardInput.Close();
        var output = await python.StandardOutput.ReadToEndAsync();
        var err = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, "python3 with scikit-learn failed: " + err);
        var parts = output.Trim().Split(' ');
        Assert.Equal("1437", parts[1]);
        var sklearn = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(RuleTestAuc, sklearn, 12);
        Assert.Equal(sklearn, telco.Report.GetProperty("metrics").GetProperty("business_baseline").GetProperty("auc").GetDouble(), 12);
    }

    [Fact]
    public void A_missing_library_exits_4_naming_the_package()
    {
        var result = Ws.CliWithEnvironment(new Dictionary<string, string> { ["LEANML_XGBOOST_LIB"] = "/nonexistent/libxgboost.so" }, "train", "churn");
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("apt-get install libxgboost0", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("LEANML_XGBOOST_LIB", result.Stderr, StringComparison.Ordinal);
    }
}
