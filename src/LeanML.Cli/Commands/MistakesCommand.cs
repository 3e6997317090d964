using System.CommandLine;
using System.Globalization;
using LeanML.Monitoring;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml mistakes PROJECT</c>: the predictions outcomes proved most wrong, and where the model errs most.</summary>
internal static class MistakesCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project whose production model's mistakes to list" };
        var top = new Option<int>("--top") { Description = "How many mistakes to list (default 50)", DefaultValueFactory = _ => 50 };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--top must be at least 1.");
            }
        });
        var minSegment = new Option<int>("--min-segment") { Description = "The fewest labelled predictions a segment needs to be shown (default 30)", DefaultValueFactory = _ => 30 };
        var since = WatchOptions.Since("90d");
        var command = new Command("mistakes", """
            List the predictions with outcomes that were most wrong: binary models' false positives and false negatives
            at 0.5 by confidence, regression's largest errors, each with the row's logged inputs and its top feature
            contributions (TreeSHAP, by the run that made the prediction; all of them with --json). Then the segments (category values; numbers in quintile bins)
            where the error rate is worst against the overall rate, with counts and Wilson 95% intervals.

            Examples:
              leanml mistakes churn
              leanml mistakes churn --top 10 --since 30d
              leanml mistakes churn --json
            """)
        {
            project, top, minSegment, since,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var now = DateTimeOffset.UtcNow;
            var data = await new LivePerformanceService(workspace).LoadAsync(parse.GetValue(project)!, now - WatchOptions.SinceValue(parse, since), now, ct).ConfigureAwait(false);
            var report = MistakeFinder.Find(data, parse.GetValue(top), Math.Max(1, parse.GetValue(minSegment)));
            report = await MistakeExplainer.ExplainAsync(workspace, report, ct).ConfigureAwait(false);
            output.Report(report, w => Render(w, report));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Contributions shown per mistake in the text output; --json gives them all.</summary>
    private const int ShownContributions = 3;

    // "Contract=Month-to-month +0.853, tenure=2 +0.412, …", as 'leanml explain' words a contribution.
    private static string Contributions(MistakeRow m) => m.Contributions is not { } list ? ""
        : string.Join(", ", list.Take(ShownContributions).Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Feature}={x.Value ?? "missing"} {x.Contribution:+0.000;-0.000;0.000}")));

    private static void Render(TextWriter w, MistakeReport r)
    {
        var c = CultureInfo.InvariantCulture;
        if (r.Labelled == 0)
        {
            w.WriteLine($"{r.Project}: no prediction has its outcome yet; see 'leanml outcomes {r.Project}'.");
            return;
        }

        w.WriteLine(r.Task == "binary"
            ? string.Create(c, $"{r.Project}: {r.Wrong:N0} of {r.Labelled:N0} labelled predictions wrong at 0.5 ({r.OverallErrorRate * 100:0.0}%); the {r.Mistakes.Count} most wrong:")
            : string.Create(c, $"{r.Project}: mean absolute error {r.OverallErrorRate:0.###} over {r.Labelled:N0} labelled predictions; the {r.Mistakes.Count} largest errors:"));
        TextTable.Write(w, ["prediction", "row id", "predicted at", "kind", "score", "outcome", "inputs"], r.Mistakes.Select(m => new object?[]
        {
            m.PredictionId, m.RowId, m.PredictedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", c), m.Kind, m.Score.ToString("0.000", c), m.Label, m.Inputs?.GetRawText() ?? "(batch: not kept)",
        }), maxWidth: 60);
        w.WriteLine();
        if (r.Mistakes.Any(m => m.Contributions is not null))
        {
            // On their own lines, whole: a table cell would cut them.
            w.WriteLine($"Their top {ShownContributions} contributions (TreeSHAP, margin units; all of them with --json):");
            foreach (var m in r.Mistakes.Where(m => m.Contributions is not null))
            {
                w.WriteLine($"  {m.PredictionId}  {Contributions(m)}");
            }

            w.WriteLine();
        }

        if (r.Segments.Count == 0)
        {
            w.WriteLine(string.Create(c, $"No segment has {r.MinSegment} or more labelled predictions with logged inputs."));
        }
        else
        {
            w.WriteLine(string.Create(c, $"Segments, worst against the overall {(r.Task == "binary" ? "error rate" : "mean absolute error")} {r.OverallErrorRate:0.###} first ({r.Interval}):"));
            TextTable.Write(w, ["feature", "segment", "n", "error", "95% interval", "× overall", ""], r.Segments.Take(15).Select(s => new object?[]
            {
                s.Feature, s.Segment, s.N, s.ErrorRate.ToString("0.###", c), string.Create(c, $"{s.ErrorRateLow:0.###}–{s.ErrorRateHigh:0.###}"), s.Ratio.ToString("0.00", c), s.Significant ? "worse" : "",
            }));
        }

        foreach (var note in r.Notes)
        {
            w.WriteLine("note: " + note);
        }
    }
}
