namespace LeanML.Monitoring;

/// <summary>
/// The whole of <c>leanml monitor</c>: drift against the reference, live performance when outcomes are defined, and,
/// with alerts on, every alert rule of the project evaluated and sent through <see cref="AlertService"/>.
/// </summary>
public sealed class MonitorCheck(Workspace.Workspace workspace)
{
    /// <summary>How batch files are read (the reader flags).</summary>
    public Ingestion.ReaderOptions Reader { get; init; } = Ingestion.ReaderOptions.Default;

    /// <summary>Runs the drift comparison, adds live performance and, when <paramref name="alert"/>, sends what fires.</summary>
    public async Task<MonitorReport> RunAsync(MonitorRequest request, bool alert, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await new MonitorService(workspace) { Reader = Reader }.MonitorAsync(request, progress, cancellationToken).ConfigureAwait(false);
        var window = request.Window == "day" ? LiveWindow.Day : LiveWindow.Week;
        if (report.Source == MonitorService.PredictionLogSource && request.Run is null)
        {
            var brief = Training.ProjectBrief.Load(workspace, request.Project);
            if (brief.Outcome is null)
            {
                report = report with { PerformanceNote = "no outcome: block in the brief, so live performance is not measured (see README, Outcomes)." };
            }
            else
            {
                try
                {
                    report = report with { Performance = await new LivePerformanceService(workspace).MeasureAsync(request.Project, request.Since, window, cancellationToken).ConfigureAwait(false) };
                }
                catch (LeanMLInputException ex)
                {
                    report = report with { PerformanceNote = ex.Message };
                }
            }
        }

        if (!alert)
        {
            return report;
        }

        var rules = workspace.Settings.Alerts.Where(r => r.Project == request.Project).ToList();
        var signals = new List<AlertSignal>(DriftAlerts.Signals(report, rules));
        var notes = new List<string>();
        if (rules.Any(r => r.On is "performance" or "volume" or "errors"))
        {
            var (live, liveNotes) = await new LiveSignals(workspace).EvaluateAsync(request.Project, window, cancellationToken).ConfigureAwait(false);
            signals.AddRange(live);
            notes.AddRange(liveNotes);
        }

        if (rules.Count == 0)
        {
            notes.Add($"leanml.yaml has no alerts for '{request.Project}'; add one under alerts: (see README, Alerts).");
        }

        var sent = await new AlertService(workspace).DispatchAsync(signals, notes, cancellationToken).ConfigureAwait(false);
        return report with { Alerts = sent };
    }
}
