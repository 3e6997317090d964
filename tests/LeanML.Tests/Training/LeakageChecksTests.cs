using LeanML.Features;
using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class LeakageChecksTests
{
    // 2,000 customers, 25% churn; honest features (noise, a weak signal) beside the planted leaks.
    private static (TrainingSet Set, DataSplit Split) Planted(bool withLeaks, string task = "binary")
    {
        var rng = new Random(4);
        var n = 2_000;
        var labels = new float[n];
        var noise = new float[n];
        var signal = new float[n];
        var copy = new float[n];
        var rowNumber = new float[n];
        var reason = new float[n];
        var closedAt = new float[n];
        var snapshot = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = rng.NextDouble();
            labels[i] = task == "regression" ? (float)(s * 100) : rng.NextDouble() < 0.1 + (0.3 * s) ? 1 : 0;
            noise[i] = (float)rng.NextDouble();
            signal[i] = (float)(s + rng.NextDouble());
            copy[i] = task == "regression" ? labels[i] * 2 + 1 : 1 - labels[i];
            rowNumber[i] = i + 1;
            reason[i] = labels[i] == 1 && rng.NextDouble() < 0.8 ? rng.Next(0, 4) : float.NaN;
            snapshot[i] = 20_000 + (i % 30);
            closedAt[i] = (float)(snapshot[i] + (labels[i] == 1 ? 10 : -200) + rng.Next(0, 3));
        }

        var ids = Enumerable.Range(0, n).Select(i => SplitHash.OfId("c" + i)).ToArray();
        List<(FeatureSpec, float[])> features =
        [
            (new FeatureSpec("noise", FeatureKind.Number, null, false), noise),
            (new FeatureSpec("signal", FeatureKind.Number, null, false), signal),
        ];
        if (withLeaks)
        {
            features.Add((new FeatureSpec("churn_flag", FeatureKind.Number, null, false), copy));
            features.Add((new FeatureSpec("row_no", FeatureKind.Number, null, false), rowNumber));
            features.Add((new FeatureSpec("cancel_reason", FeatureKind.Category, ["price", "service", "moved", "other"], true), reason));
            features.Add((new FeatureSpec("closed_at", FeatureKind.Date, null, false), closedAt));
        }

        var set = new TrainingSet(
            features.Select(f => f.Item1).ToList(), features.Select(f => f.Item2).ToList(), labels, task == "regression" ? null : ["0", "1"],
            new double[n], null, 0, 0, [], ids);
        // The time column is known to the checks apart from the split (the split here is by id).
        var withTime = new TrainingSet(set.Features, set.Columns, labels, set.Classes, new double[n], snapshot, 0, 0, [], ids);
        return (withTime, DataSplit.Create(set, task, 0));
    }

    [Fact]
    public void Each_planted_leak_is_found_by_its_check()
    {
        var (set, split) = Planted(withLeaks: true);
        var warnings = LeakageChecks.Run(set, split, "binary", "snapshot_date");
        var found = warnings.Select(w => (w.Check, w.Feature)).ToList();
        Assert.Contains(("alone_predicts", "churn_flag"), found);
        Assert.Contains(("unique_per_row", "row_no"), found);
        Assert.Contains(("one_class_only", "cancel_reason"), found);
        Assert.Contains(("after_time", "closed_at"), found);
        Assert.DoesNotContain(warnings, w => w.Feature is "noise" or "signal");
        // The strongest sign comes first: it is the one the verdict names.
        Assert.Equal("alone_predicts", warnings[0].Check);
        Assert.Equal("'churn_flag' alone predicts the label", warnings[0].Clause);
        Assert.Equal(1.0, warnings[0].Value, 12);
    }

    [Fact]
    public void A_copy_of_a_regression_label_is_found_and_honest_features_are_not()
    {
        var (set, split) = Planted(withLeaks: true, task: "regression");
        var warnings = LeakageChecks.Run(set, split, "regression", null);
        Assert.Contains(warnings, w => w.Check == "alone_predicts" && w.Feature == "churn_flag");
        Assert.DoesNotContain(warnings, w => w.Feature is "noise" or "signal");
    }

    [Fact]
    public void Honest_features_give_no_warning()
    {
        var (set, split) = Planted(withLeaks: false);
        Assert.Empty(LeakageChecks.Run(set, split, "binary", "snapshot_date"));
    }
}
