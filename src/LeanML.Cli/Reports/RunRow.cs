namespace LeanML.Cli.Reports;

/// <summary>One run in <c>leanml runs</c>.</summary>
internal sealed record RunRow(string Id, string Project, DateTimeOffset CreatedAt, string Metric, double? ModelValue, double? BaselineValue, double? Lift, bool BarMet, string Verdict, bool Production);
