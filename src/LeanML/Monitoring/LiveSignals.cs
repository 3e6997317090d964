using System.Globalization;
using LeanML.Storage;

namespace LeanML.Monitoring;

/// <summary>
/// The alert signals the live side gives, one per rule of leanml.yaml for the project: <c>performance</c> (the realised
/// primary figure over the last 30 days, or CBPE's estimate over the last window before enough labels arrive),
/// <c>volume</c> (predictions in the last window against the mean of the previous seven) and <c>errors</c> (the share of
/// rows batch scoring rejected in the last window). <c>drift</c> comes from the drift monitor.
/// </summary>
public sealed class LiveSignals(Workspace.Workspace workspace)
{
    /// <summary>How far back realised performance looks (outcomes lag their predictions).</summary>
    public static TimeSpan PerformancePeriod { get; } = TimeSpan.FromDays(30);

    /// <summary>Previous windows the volume is compared with.</summary>
    public const int VolumeHistory = 7;

    /// <summary>The signals of the project's performance, volume and errors rules, and notes on what could not be evaluated.</summary>
    public async Task<(IReadOnlyList<AlertSignal> Signals, IReadOnlyList<string> Notes)> EvaluateAsync(string project, LiveWindow window, CancellationToken cancellationToken = default)
    {
        List<AlertRule> rules = [.. workspace.Settings.Alerts.Where(r => r.Project == project && (r.On is "performance" or "volume" or "errors"))];
        var signals = new List<AlertSignal>();
        var notes = new List<string>();
        if (rules.Count == 0)
        {
            notes.Add($"leanml.yaml has no performance, volume or errors alert for '{project}'; add one under alerts: (see README, Alerts).");
            return (signals, notes);
        }

        var now = DateTimeOffset.UtcNow;
        var span = window == LiveWindow.Day ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
        LiveData? live = null;
        List<LivePrediction>? recent = null;
        foreach (var rule in rules)
        {
            switch (rule.On)
            {
                case "performance":
                    try
                    {
                        live ??= await new LivePerformanceService(workspace).LoadAsync(project, now - PerformancePeriod, now, cancellationToken).ConfigureAwait(false);
                    }
                    catch (LeanMLInputException ex)
                    {
                        // One signal that cannot be measured (no brief, no outcome: block, no production run) never
                        // holds up the others.
                        notes.Add($"performance alert not evaluated: {ex.Message}");
                        break;
                    }

                    signals.Add(Performance(rule, live, now, span));
                    break;
                case "volume":
                    recent ??= await LiveDataReader.PredictionsAsync(workspace, project, now - (span * (VolumeHistory + 1)), cancellationToken).ConfigureAwait(false);
                    signals.Add(Volume(rule, recent, now, span, window));
                    break;
                default:
                    signals.Add(await ErrorsAsync(rule, now - span, window, cancellationToken).ConfigureAwait(false));
                    notes.Add("errors counts the rows batch scoring rejected; the server answers invalid requests with 400 and does not log them, so they are not counted.");
                    break;
            }
        }

        return (signals, notes.Distinct().ToList());
    }

    /// <summary>The performance signal of a rule from joined live data.</summary>
    public static AlertSignal Performance(AlertRule rule, LiveData live, DateTimeOffset now, TimeSpan estimateSpan)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(live);
        var c = CultureInfo.InvariantCulture;
        var metric = live.Brief.Metric is "auc" or "accuracy" or "rmse" or "mae" ? live.Brief.Metric : live.Task == "binary" ? "auc" : "rmse";
        var lowerIsBetter = metric is "rmse" or "mae";
        var report = LivePerformanceService.Measure(live, now - PerformancePeriod, now, LiveWindow.Week, RawScoreCalibration.Instance);
        var test = report.Test.Value(metric) is { } t ? string.Create(c, $"; test {metric} {t:0.000}") : "";
        string source;
        double? value;
        long n;
        if (report.Realised is { } realised && realised.N >= rule.MinN && realised.Value(metric) is { } r)
        {
            (source, value, n) = ("realised", r, realised.N);
        }
        else if (live.Task == "binary" && metric is "auc" or "accuracy")
        {
            var recent = live.Joined.Where(j => j.Prediction.Time >= now - estimateSpan).Select(j => RawScoreCalibration.Instance.Probability(j.Prediction.Score)).ToList();
            var estimate = Cbpe.Estimate(recent);
            (source, value, n) = ("estimated (CBPE, before labels)", estimate.Value(metric), estimate.N);
        }
        else
        {
            (source, value, n) = ("realised", report.Realised?.Value(metric), report.Realised?.N ?? 0);
        }

        if (value is not { } v)
        {
            return new AlertSignal(rule.Project, "performance", null, rule.Threshold, n, false, string.Create(c, $"{rule.Project}: no {metric} to compare with {rule.Threshold:0.###} yet (n = {n:N0})."));
        }

        var breached = lowerIsBetter ? v > rule.Threshold : v < rule.Threshold;
        var side = breached ? (lowerIsBetter ? "above" : "below") : (lowerIsBetter ? "at or below" : "at or above");
        return new AlertSignal(rule.Project, "performance", v, rule.Threshold, n, breached,
            string.Create(c, $"{rule.Project}: {source} {metric} {v:0.000} is {side} the alert threshold {rule.Threshold:0.###}, n = {n:N0}, labels arrived: {report.LabelsArrived * 100:0}%{test}."));
    }

    /// <summary>The volume signal: predictions in the last window against the mean of the <see cref="VolumeHistory"/> before it.</summary>
    public static AlertSignal Volume(AlertRule rule, IReadOnlyList<LivePrediction> predictions, DateTimeOffset now, TimeSpan span, LiveWindow window)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(predictions);
        var c = CultureInfo.InvariantCulture;
        var current = predictions.Count(p => p.Time > now - span && p.Time <= now);
        var previous = predictions.Count(p => p.Time > now - (span * (VolumeHistory + 1)) && p.Time <= now - span);
        var mean = previous / (double)VolumeHistory;
        var unit = window == LiveWindow.Day ? "day" : "week";
        if (previous == 0)
        {
            return new AlertSignal(rule.Project, "volume", null, rule.Threshold, 0, false, string.Create(c, $"{rule.Project}: {current:N0} predictions in the last {unit}, and none in the {VolumeHistory} {unit}s before to compare with."));
        }

        var ratio = current / mean;
        var change = ratio - 1;
        var breached = Math.Abs(change) >= rule.Threshold;
        var direction = change < 0 ? "fewer" : "more";
        return new AlertSignal(rule.Project, "volume", ratio, rule.Threshold, previous, breached,
            string.Create(c, $"{rule.Project}: {current:N0} predictions in the last {unit}, {Math.Abs(change) * 100:0}% {direction} than the mean of the previous {VolumeHistory} {unit}s ({mean:N1} a {unit}); the alert is at ±{rule.Threshold * 100:0}%."));
    }

    private async Task<AlertSignal> ErrorsAsync(AlertRule rule, DateTimeOffset since, LiveWindow window, CancellationToken ct)
    {
        var c = CultureInfo.InvariantCulture;
        long rows = 0, rejected = 0;
        await using (var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false))
        {
            await using var cmd = state.Command($"SELECT COALESCE(SUM(row_count), 0), COALESCE(SUM(rejected_count), 0) FROM {state.Engine.Meta("score_runs")} WHERE project = @p AND finished_at >= @since");
            cmd.Bind("@p", rule.Project);
            cmd.Bind("@since", since.UtcDateTime.ToString("O", c));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                rows = Convert.ToInt64(r.GetValue(0), c);
                rejected = Convert.ToInt64(r.GetValue(1), c);
            }
        }

        var total = rows + rejected;
        var unit = window == LiveWindow.Day ? "day" : "week";
        if (total == 0)
        {
            return new AlertSignal(rule.Project, "errors", null, rule.Threshold, 0, false, $"{rule.Project}: no batch scoring in the last {unit}.");
        }

        var share = (double)rejected / total;
        return new AlertSignal(rule.Project, "errors", share, rule.Threshold, total, share > rule.Threshold,
            string.Create(c, $"{rule.Project}: batch scoring rejected {rejected:N0} of {total:N0} rows ({share * 100:0.0}%) in the last {unit}; the alert is above {rule.Threshold * 100:0.0}%."));
    }
}
