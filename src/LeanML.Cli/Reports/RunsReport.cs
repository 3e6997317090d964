namespace LeanML.Cli.Reports;

/// <summary><c>leanml runs --json</c>.</summary>
internal sealed record RunsReport(IReadOnlyList<RunRow> Runs);
