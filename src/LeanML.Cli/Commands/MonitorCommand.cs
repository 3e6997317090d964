using System.CommandLine;
using System.Globalization;
using LeanML.Monitoring;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml monitor PROJECT [--run RUN] [--since 7d] [--window day|week] [--input TABLE|FILE | --input-sql Q]</c>: drift of live data against the run's reference.</summary>
internal static class MonitorCommand
{
    // The human table shows the prediction and this many features (the JSON has them all).
    private const int ShownFeatures = 15;

    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project whose model is watched" };
        var run = new Option<string?>("--run") { Description = "Compare this run's reference and predictions instead of the production model's", HelpName = "RUN" };
        var since = new Option<string>("--since") { Description = "How far back the prediction log is read: 7d (default), 12h, 2w, 30m", HelpName = "PERIOD", DefaultValueFactory = _ => "7d" };
        var window = new Option<string>("--window") { Description = "Also judge each day or week of the period on its own (min_n applies per window)", HelpName = "day|week", DefaultValueFactory = _ => "all" };
        window.AcceptOnlyFromAmong([.. MonitorRequest.Windows]);
        var input = new Option<string?>("--input", "-i") { Description = "A batch of rows instead of the prediction log: a warehouse table, or a file read exactly as score reads it (scored by the run)", HelpName = "TABLE|FILE" };
        var inputSql = new Option<string?>("--input-sql") { Description = "A batch of rows instead of the prediction log: one SELECT over the warehouse", HelpName = "QUERY" };
        var alert = new Option<bool>("--alert") { Description = "Evaluate the project's alerts of leanml.yaml (drift, performance, volume, errors) and send those that fire" };
        var reader = new ReaderFlags();
        var command = new Command("monitor", """
            Compare live data with what the model was trained on: the prediction log of the last 7 days (or --since), or a
            batch of rows (--input, --input-sql). For each feature and for the prediction: n, missing and unseen-category
            rates, PSI on the reference deciles, Wasserstein distance over the reference's standard deviation (numbers)
            or Jensen–Shannon distance, base 2 (categories), and the KS or chi-square p-value. Each column gets one verdict:
              drift            the effect is above its floor AND significant
              negligible       significant, but below the floor (a tiny shift in many rows)
              no drift         not significant
              not enough data  fewer than min_n values (default 100 per window)
            Features are ranked by importance (share of the model's gain) × effect. Floors and α are set per project in
            the brief: monitor: {min_n: 100, psi: 0.1, wasserstein: 0.1, js: 0.1, alpha: 0.01}.
            With an outcome: block in the brief, live performance (realised, estimated by CBPE, labels arrived) is shown
            too. --alert evaluates the project's alerts: in leanml.yaml and sends those that fire (webhook, e-mail),
            never twice within their cooldown. Exit 1 when any column drifts or an alert fires (0 otherwise), so cron
            can act on it; the report ends with the one-sentence alert a drift would send.

            Examples:
              leanml monitor churn
              leanml monitor churn --since 1d --json
              leanml monitor churn --since 4w --window week
              leanml monitor churn --input customers_this_month
              leanml monitor churn --input data/new_customers.csv --run 01J9ZC
              leanml monitor churn --input-sql "SELECT * FROM customers WHERE signup_date >= DATE '2026-11-01'"
              leanml monitor churn --since 1d --alert

            Cron (every morning at 7, exit 1 mails cron's owner):
              0 7 * * * cd /srv/acme && leanml monitor churn --since 1d --alert
            """)
        {
            project, run, since, window, input, inputSql, alert,
        };
        reader.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var o = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var request = new MonitorRequest(parse.GetValue(project)!)
            {
                Run = parse.GetValue(run),
                Since = MonitorRequest.ParseSince(parse.GetValue(since)!),
                Window = parse.GetValue(window)!,
                Input = parse.GetValue(input),
                InputSql = parse.GetValue(inputSql),
            };
            var check = new MonitorCheck(workspace) { Reader = reader.Parse(parse, workspace) };
            var report = await check.RunAsync(request, parse.GetValue(alert), o.Status, ct).ConfigureAwait(false);
            o.Report(report, w => Write(w, report));
            return report.Drift || report.Alerts is { Fired: true } ? ExitCodes.Negative : ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter w, MonitorReport r)
    {
        w.WriteLine($"{r.Project}: run {r.RunId} against its reference ({r.ReferenceRows:N0} rows of the training dataset{(r.ReferenceSource == "training" ? "" : ", " + r.ReferenceSource)}); {r.Rows:N0} rows of {r.SourcePhrase}{(r.Rejected > 0 ? $" ({r.Rejected:N0} rows could not be encoded and were left out)" : "")}");
        w.WriteLine();
        var shown = r.Features.Take(ShownFeatures).ToList();
        TextTable.Write(w, ["column", "verdict", "n", "missing", "unseen", "psi", "w/σ", "js", "p", "importance"],
            new[] { r.Prediction }.Concat(shown).Select(c => new object?[]
            {
                c.Role == ColumnDrift.PredictionRole ? "(prediction)" : c.Column, c.Verdict, c.N, Percent(c.MissingRate), c.UnseenRate is { } u ? Percent(u) : "",
                Round(c.Psi), Round(c.WassersteinSigma), Round(c.JensenShannon), c.PValue is { } p ? Monitoring.DriftComparison.FormatPValue(p) : "",
                c.Role == ColumnDrift.PredictionRole ? "" : Percent(c.Importance),
            }));
        if (r.Features.Count > shown.Count)
        {
            w.WriteLine($"… {r.Features.Count - shown.Count} more features ({r.Features.Skip(ShownFeatures).Count(f => f.Drifted)} drifting); --json lists them all.");
        }

        if (r.Windows.Count > 1)
        {
            w.WriteLine();
            TextTable.Write(w, ["window", "rows", "prediction", "drifting columns"], r.Windows.Select(x => new object?[]
            {
                x.Start?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), x.Rows, x.Prediction.Verdict, x.Drifted.Count == 0 ? "-" : string.Join(", ", x.Drifted.Take(4)),
            }), maxWidth: 60);
        }

        w.WriteLine();
        w.WriteLine(r.Summary);
        if (r.Alert is not null)
        {
            w.WriteLine($"alert: {r.Alert}");
        }

        if (r.Performance is not null)
        {
            w.WriteLine();
            OutcomesCommand.WritePerformance(w, r.Performance);
        }
        else if (r.PerformanceNote is not null)
        {
            w.WriteLine($"live performance: {r.PerformanceNote}");
        }

        if (r.Alerts is not null)
        {
            w.WriteLine();
            AlertsCommand.RenderCheck(w, r.Alerts);
        }
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Round(double? value) => value is { } v ? (double.IsInfinity(v) ? "inf" : v.ToString("0.000", CultureInfo.InvariantCulture)) : "";
}
