using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary>The human rendering of a training run, shared by train, show and rerun.</summary>
internal static class RunRendering
{
    public const int TopFeatures = 15;

    public static void WriteReport(TextWriter w, TrainingRunReport r)
    {
        w.WriteLine(r.Verdict);
        w.WriteLine();
        var m = r.Metrics;
        // Interval ends (auc_low, auc_high) are shown beside their metric, not as rows of their own.
        var names = m["test"].Keys.Where(n => !IsEnd(n, m["test"])).ToList();
        w.WriteLine($"  {"metric (test rows)",-20} {"model (95% interval)",-26} {"business baseline",-26} {"naive baseline",15}");
        foreach (var name in names)
        {
            var mark = name == r.Metric ? "*" : " ";
            w.WriteLine($"{mark} {name,-20} {WithInterval(m, "test", name),-26} {WithInterval(m, "business_baseline", name),-26} {F(m, "naive_baseline", name),15}");
        }

        if (r.LiftLow is not null)
        {
            w.WriteLine($"  {"lift",-20} {TrainingService.Format(r.Lift) + $" ({TrainingService.Format(r.LiftLow)}–{TrainingService.Format(r.LiftHigh)})",-26} (paired bootstrap, 1,000 resamples)");
        }

        w.WriteLine($"  (* primary metric; business baseline: {r.BaselineName}; bar met: {(r.BarMet ? "yes" : "no")}{(r.BarCertain is { } certain ? $", certain: {(certain ? "yes" : "no")}" : "")})");
        if (r.Cv is { } cv)
        {
            var mean = cv.Mean.GetValueOrDefault(r.Metric);
            var std = cv.Std.GetValueOrDefault(r.Metric);
            w.WriteLine($"  cv {cv.K}-fold {r.Metric}: {TrainingService.Format(mean)} ± {TrainingService.Format(std)} (folds {string.Join(", ", cv.Folds.Select(f => TrainingService.Format(f.Metrics.GetValueOrDefault(r.Metric))))}) beside test {TrainingService.Format(r.ModelValue)}");
        }

        if (r.Decision is { } decision)
        {
            w.WriteLine("  " + TrainingService.DecisionLine(decision));
        }

        if (r.Thresholds is { } t)
        {
            w.WriteLine($"  thresholds: F1 is highest ({TrainingService.Format(t.F1Max.F1)}) at score >= {TrainingService.Format(t.F1Max.Threshold)}" +
                (t.RuleShare is { } rs ? $"; flagging the rule's share ({rs.Share:P1}) means score >= {TrainingService.Format(rs.Threshold)} (precision {TrainingService.Format(rs.Precision)}, recall {TrainingService.Format(rs.Recall)})" : ""));
        }

        if (r.Calibration is { } c)
        {
            w.WriteLine($"  calibration: Brier {c.Brier:0.0000}, ECE {c.Ece:0.0000} (leanml show {r.RunId[..10]} gives the reliability table)");
        }
        if (m.TryGetValue("business_baseline", out var rule) && rule.Any(x => x.Value is null && !IsEnd(x.Key, rule)))
        {
            w.WriteLine($"  business baseline {string.Join(", ", rule.Where(x => x.Value is null && !IsEnd(x.Key, rule)).Select(x => x.Key))}: n/a (the rule gives no probabilities)");
        }
        w.WriteLine();
        w.WriteLine($"data     {r.Data.Rows} rows, {r.Data.Features.Count} features; {r.Data.Split}");
        if (r.Data.DroppedMissingLabel > 0)
        {
            w.WriteLine($"         {r.Data.DroppedMissingLabel} rows dropped for a NULL label");
        }

        if (r.Data.Outcomes is { } o)
        {
            w.WriteLine($"outcomes {o.Added} live rows added ({o.Train} train, {o.Valid} valid) of {o.Labelled} labelled predictions; left out: {o.InDataset} already in the dataset, {o.Repeated} earlier predictions of a row, {o.WithoutInputs} without logged inputs, {o.Unusable} unusable; {o.UnseenCategories} unseen category values trained as missing");
        }

        w.WriteLine($"params   {r.Parameters}");
        w.WriteLine($"rounds   kept {r.BestRound} of {r.RoundsRun} (early stopping on valid {r.EarlyStoppingMetric})");
        w.WriteLine($"top features by gain:");
        foreach (var f in r.Importance.Take(TopFeatures))
        {
            w.WriteLine($"  {f.Feature,-28} {f.Gain,10:0.000}");
        }

        foreach (var warning in r.Warnings)
        {
            w.WriteLine($"warning: {warning}");
        }

        w.WriteLine();
        w.WriteLine($"run {r.RunId} ({r.Project}, seed {r.Seed}, data {r.Data.Fingerprint[..12]})");
    }

    /// <summary>The reliability table of a binary run, one line per bin.</summary>
    public static void WriteCalibration(TextWriter w, TrainingRunReport r)
    {
        if (r.Calibration is not { } c)
        {
            return;
        }

        w.WriteLine($"calibration (test rows): Brier {c.Brier:0.0000}, ECE {c.Ece:0.0000}");
        w.WriteLine($"  {"predicted",-12} {"rows",7} {"mean predicted",15} {"observed",9}");
        foreach (var b in c.Bins)
        {
            w.WriteLine($"  {b.Low:0.0}–{b.High:0.0}{"",-5} {b.Count,7} {TrainingService.Format(b.MeanPredicted),15} {TrainingService.Format(b.Observed),9}");
        }
    }

    private static bool IsEnd(string name, SortedDictionary<string, double?> set) =>
        (name.EndsWith("_low", StringComparison.Ordinal) && set.ContainsKey(name[..^4])) || (name.EndsWith("_high", StringComparison.Ordinal) && set.ContainsKey(name[..^5]));

    private static string WithInterval(IReadOnlyDictionary<string, SortedDictionary<string, double?>> m, string set, string name) =>
        m.TryGetValue(set, out var s) && s.TryGetValue(name + "_low", out var low) && low is not null && s.TryGetValue(name + "_high", out var high)
            ? $"{F(m, set, name)} ({TrainingService.Format(low)}–{TrainingService.Format(high)})"
            : F(m, set, name);

    private static string F(IReadOnlyDictionary<string, SortedDictionary<string, double?>> m, string set, string name) =>
        m.TryGetValue(set, out var s) && s.TryGetValue(name, out var v) ? TrainingService.Format(v) : "";
}
