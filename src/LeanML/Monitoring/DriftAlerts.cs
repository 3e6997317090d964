using System.Globalization;

namespace LeanML.Monitoring;

/// <summary>
/// The one plain sentence an alert sends for a drifting column, e.g. "churn: prediction share above 0.5 rose from
/// 8.1% to 12.4%, n = 4,210; top drifting feature: logins_last_4w". Sending it is the alerts' business, not this.
/// </summary>
public static class DriftAlerts
{
    /// <summary>The alert of a report: about the prediction when it drifts, else about the top drifting feature; null when nothing drifts.</summary>
    public static string? Sentence(MonitorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var column = report.Prediction.Drifted ? report.Prediction
            : report.Features.FirstOrDefault(f => f.Drifted)
            ?? report.Windows.Select(w => w.Prediction.Drifted ? w.Prediction : w.Features.FirstOrDefault(f => f.Drifted)).LastOrDefault(c => c is not null);
        return column is null ? null : Sentence(report, column);
    }

    /// <summary>The sentence for one drifting column of a report: what moved, from what to what, on how many values, and the top drifting feature besides.</summary>
    public static string Sentence(MonitorReport report, ColumnDrift column)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(column);
        var name = column.Role == ColumnDrift.PredictionRole ? "prediction" : column.Column;
        string change;
        if (column.ShareOf is { } of && column.ReferenceShare is { } before && column.LiveShare is { } after)
        {
            var what = column.Kind == ColumnProfile.Category ? $"share of '{of}'" : $"share {of}";
            change = $"{name} {what} {Direction(before, after)} from {Percent(before)} to {Percent(after)}";
        }
        else if (column.ReferenceMean is { } m0 && column.LiveMean is { } m1)
        {
            change = $"{name} mean {Direction(m0, m1)} from {Number(m0)} to {Number(m1)}";
        }
        else
        {
            change = $"{name} changed";
        }

        var top = report.Features.Where(f => f.Drifted && f.Column != column.Column).Select(f => f.Column).FirstOrDefault();
        var tail = top is null ? "" : column.Role == ColumnDrift.PredictionRole ? $"; top drifting feature: {top}" : $"; also drifting: {top}";
        return $"{report.Project}: {change}, n = {column.N.ToString("N0", CultureInfo.InvariantCulture)}{tail}";
    }

    private static string Direction(double before, double after) => after > before ? "rose" : after < before ? "fell" : "stayed";

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) =>
        double.IsInfinity(value) ? "∞" : Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// The signals of the project's <c>drift</c> rules: the rule fires when a column drifts and the largest effect among
    /// the drifting columns (W/σ, Jensen–Shannon or PSI, as the verdict used) reaches its threshold (0: any drift);
    /// n is the rows compared, held against the rule's min_n.
    /// </summary>
    public static IReadOnlyList<AlertSignal> Signals(MonitorReport report, IEnumerable<AlertRule> rules)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rules);
        var drifting = new[] { report.Prediction }.Concat(report.Features).Where(c => c.Drifted).ToList();
        double? largest = drifting.Count == 0 ? null : drifting.Max(c => c.Effect ?? c.Psi ?? 0);
        var sentence = Sentence(report) ?? $"{report.Project}: no column drifts, n = {report.Rows:N0}";
        return rules.Where(r => r.On == "drift" && r.Project == report.Project)
            .Select(r => new AlertSignal(report.Project, "drift", largest, r.Threshold, report.Rows, largest is { } e && e >= r.Threshold, sentence))
            .ToList();
    }
}
