namespace LeanML.Cli.Reports;

/// <summary>The --json answer of <c>leanml report new</c>.</summary>
/// <param name="Path">The skeleton written, relative to the workspace.</param>
internal sealed record ReportCreatedReport(string Path);
