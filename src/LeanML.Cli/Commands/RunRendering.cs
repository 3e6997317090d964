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
        var names = m["test"].Keys.ToList();
        w.WriteLine($"  {"metric (test rows)",-20} {"model",10} {"business baseline",18} {"naive baseline",15}");
        foreach (var name in names)
        {
            var mark = name == r.Metric ? "*" : " ";
            w.WriteLine($"{mark} {name,-20} {F(m, "test", name),10} {F(m, "business_baseline", name),18} {F(m, "naive_baseline", name),15}");
        }

        w.WriteLine($"  (* primary metric; business baseline: {r.BaselineName})");
        if (m.TryGetValue("business_baseline", out var rule) && rule.Any(x => x.Value is null))
        {
            w.WriteLine($"  business baseline {string.Join(", ", rule.Where(x => x.Value is null).Select(x => x.Key))}: n/a (the rule gives no probabilities)");
        }
        w.WriteLine();
        w.WriteLine($"data     {r.Data.Rows} rows, {r.Data.Features.Count} features; {r.Data.Split}");
        if (r.Data.DroppedMissingLabel > 0)
        {
            w.WriteLine($"         {r.Data.DroppedMissingLabel} rows dropped for a NULL label");
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

    private static string F(IReadOnlyDictionary<string, SortedDictionary<string, double?>> m, string set, string name) =>
        m.TryGetValue(set, out var s) && s.TryGetValue(name, out var v) ? TrainingService.Format(v) : "";
}
