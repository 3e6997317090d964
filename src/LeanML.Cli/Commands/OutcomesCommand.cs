using System.CommandLine;
using System.Globalization;
using LeanML.Cli.Reports;
using LeanML.Monitoring;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml outcomes PROJECT</c>: live performance from the outcomes that arrived, CBPE before they do.</summary>
internal static class OutcomesCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project whose production model to measure" };
        var since = WatchOptions.Since("30d");
        var window = WatchOptions.Window();
        var alert = new Option<bool>("--alert") { Description = "Also evaluate the project's performance, volume and errors alerts of leanml.yaml and send those that fire" };
        var command = new Command("outcomes", """
            Join the brief's outcome: SQL (row id, label, outcome time) to the project's logged and batch predictions by
            row id and time, and print the live performance per window: the realised metric with its 95% interval, the
            share of predictions whose outcome arrived ("labels arrived: 63%"), the test-time figure beside it and, for
            binary models, the performance estimated from the scores before labels arrive (CBPE). Counts pending,
            missing (past outcome.horizon) and late outcomes.

            Examples:
              leanml outcomes churn
              leanml outcomes churn --since 90d --window day
              leanml outcomes churn --json
              leanml outcomes churn --alert          # and send the alerts that fire (cron)
            """)
        {
            project, since, window, alert,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var name = parse.GetValue(project)!;
            var report = await new LivePerformanceService(workspace).MeasureAsync(name, WatchOptions.SinceValue(parse, since), WatchOptions.WindowValue(parse, window), ct).ConfigureAwait(false);
            AlertCheckReport? alerts = null;
            if (parse.GetValue(alert))
            {
                var (signals, notes) = await new LiveSignals(workspace).EvaluateAsync(name, WatchOptions.WindowValue(parse, window), ct).ConfigureAwait(false);
                alerts = await new AlertService(workspace).DispatchAsync(signals, notes, ct).ConfigureAwait(false);
            }

            output.Report(new OutcomesReport(report, alerts), w =>
            {
                WritePerformance(w, report);
                if (alerts is not null)
                {
                    AlertsCommand.RenderCheck(w, alerts);
                }
            });
            return alerts is { Fired: true } ? ExitCodes.Negative : ExitCodes.Success;
        });
        return command;
    }

    internal static void WritePerformance(TextWriter w, LivePerformanceReport r)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine(r.Sentence + ".");
        w.WriteLine(string.Create(c, $"run {r.RunId}, {r.Since.UtcDateTime:yyyy-MM-dd} to {r.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC; outcomes read: {r.OutcomesRead:N0}; scores as probabilities: {r.Calibration}"));
        w.WriteLine(string.Create(c, $"predictions {r.Counts.Predictions:N0}: labelled {r.Counts.Labelled:N0}, pending {r.Counts.Pending:N0}, missing {r.Counts.Missing:N0}, late {r.Counts.Late:N0}, without row id {r.Counts.Unmatched:N0}{(r.UnreadableLabels > 0 ? $", label not a class {r.UnreadableLabels:N0}" : "")}"));
        var binary = r.Task == "binary";
        var header = binary
            ? new[] { "window", "predictions", "labels arrived", "realised auc", "realised accuracy", "CBPE auc", "CBPE accuracy" }
            : ["window", "predictions", "labels arrived", "realised rmse", "realised mae"];
        var rows = r.Windows.Select(x => binary
            ? new object?[] { x.Start.UtcDateTime.ToString("yyyy-MM-dd", c), x.Counts.Predictions, (x.LabelsArrived * 100).ToString("0", c) + "%", Figure(x.Realised?.Auc, x.Realised?.AucLow, x.Realised?.AucHigh), Figure(x.Realised?.Accuracy, x.Realised?.AccuracyLow, x.Realised?.AccuracyHigh), Figure(x.Estimated?.Auc, x.Estimated?.AucLow, x.Estimated?.AucHigh), Figure(x.Estimated?.Accuracy, x.Estimated?.AccuracyLow, x.Estimated?.AccuracyHigh) }
            : [x.Start.UtcDateTime.ToString("yyyy-MM-dd", c), x.Counts.Predictions, (x.LabelsArrived * 100).ToString("0", c) + "%", Figure(x.Realised?.Rmse, x.Realised?.RmseLow, x.Realised?.RmseHigh), Figure(x.Realised?.Mae, x.Realised?.MaeLow, x.Realised?.MaeHigh)]).ToList();
        rows.Add(binary
            ? ["test", null, null, Figure(r.Test.Auc, null, null), Figure(r.Test.Accuracy, null, null), null, null]
            : ["test", null, null, Figure(r.Test.Rmse, null, null), Figure(r.Test.Mae, null, null)]);
        TextTable.Write(w, header, rows);
        w.WriteLine(binary
            ? "Intervals 95%: realised auc Hanley–McNeil, accuracy Wilson; CBPE: where the realised figure falls if the scores are calibrated."
            : "Intervals 95%: percentile bootstrap.");
    }

    private static string? Figure(double? value, double? low, double? high) =>
        value is not { } v ? null : low is { } l && high is { } h ? string.Create(CultureInfo.InvariantCulture, $"{v:0.000} ({l:0.000}–{h:0.000})") : v.ToString("0.000", CultureInfo.InvariantCulture);
}
