using LeanML.Monitoring;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml outcomes --json</c>: the live performance, and with --alert what was sent.</summary>
internal sealed record OutcomesReport(LivePerformanceReport Performance, AlertCheckReport? Alerts);
