using LeanML.Monitoring;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml alerts --json</c>: the alert history, newest first.</summary>
internal sealed record AlertsReport(IReadOnlyList<AlertHistoryEntry> Alerts);
