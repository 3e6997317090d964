using System.CommandLine;
using System.Globalization;
using LeanML.Cli.Reports;
using LeanML.Monitoring;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml alerts</c>: the alert history; <c>leanml alerts check PROJECT</c>: evaluate and send.</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var project = new Option<string?>("--project") { Description = "Only this project's alerts", HelpName = "P" };
        var limit = new Option<int>("--limit") { Description = "Show at most this many (default 200)", DefaultValueFactory = _ => 200 };
        var command = new Command("alerts", """
            List the alerts sent (or tried) with their channel and result, newest first. Alerts are configured in
            leanml.yaml under alerts: and sent by 'leanml alerts check PROJECT', 'leanml outcomes PROJECT --alert' and
            'leanml monitor PROJECT --alert'. A channel that failed is shown with its reason and tried again next time;
            one that delivered stays quiet for the rule's cooldown.

            Examples:
              leanml alerts
              leanml alerts --project churn --json
              leanml alerts check churn
            """)
        {
            project, limit,
        };
        command.Subcommands.Add(Check());
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var history = await new AlertService(workspace).HistoryAsync(parse.GetValue(project), Math.Max(1, parse.GetValue(limit)), ct).ConfigureAwait(false);
            output.Report(new AlertsReport(history), w =>
            {
                if (history.Count == 0)
                {
                    w.WriteLine(workspace.Settings.Alerts.Count == 0
                        ? "No alerts yet, and none configured: add alerts: to leanml.yaml (see README, Alerts)."
                        : "No alerts sent yet.");
                    return;
                }

                TextTable.Write(w, ["time (UTC)", "project", "on", "channel", "result", "alert"], history.Select(h => new object?[]
                {
                    h.SentAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), h.Project, h.Kind, h.Channel, h.Delivered ? "sent" : "failed: " + h.Error, h.Sentence,
                }), maxWidth: 90);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Check()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project whose alerts to evaluate" };
        var window = WatchOptions.Window();
        var command = new Command("check", """
            Evaluate the project's performance, volume and errors alerts of leanml.yaml now and send those that fire
            (each as one sentence to its webhook and/or e-mail), except to channels that delivered within the cooldown.
            Exit 1 when an alert fired. Drift alerts are sent by 'leanml monitor PROJECT --alert'.

            Examples:
              leanml alerts check churn
              leanml alerts check churn --window day --json
              0 7 * * * cd /srv/acme && leanml alerts check churn     # crontab
            """)
        {
            project, window,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var (signals, notes) = await new LiveSignals(workspace).EvaluateAsync(parse.GetValue(project)!, WatchOptions.WindowValue(parse, window), ct).ConfigureAwait(false);
            var report = await new AlertService(workspace).DispatchAsync(signals, notes, ct).ConfigureAwait(false);
            output.Report(report, w => RenderCheck(w, report));
            return report.Fired ? ExitCodes.Negative : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Prints what a check did: one line per signal and channel.</summary>
    public static void RenderCheck(TextWriter w, AlertCheckReport report)
    {
        foreach (var o in report.Outcomes)
        {
            var status = o.Status switch
            {
                "sent" => $"sent to {o.Channel}",
                "failed" => $"FAILED on {o.Channel} ({o.Error}); tried again next time",
                "cooldown" => $"not sent again to {o.Channel} (within its cooldown)",
                "too few" => "not sent (too few rows)",
                _ => "quiet",
            };
            w.WriteLine($"{o.Kind}: {status}: {o.Sentence}");
        }

        foreach (var note in report.Notes)
        {
            w.WriteLine("note: " + note);
        }
    }
}
