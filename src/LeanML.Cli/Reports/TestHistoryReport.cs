using LeanML.Transforms;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml test --history NAME --json</c>: the kept results of one transform or source, newest first.</summary>
internal sealed record TestHistoryReport(string Name, IReadOnlyList<DataTestResult> Results);
