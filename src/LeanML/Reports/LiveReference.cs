namespace LeanML.Reports;

/// <summary>
/// A live number written in a report's text: <c>{{ run RUNID METRIC }}</c>, <c>{{ experiment NAME decision }}</c> or
/// <c>{{ metric NAME [month=2026-10] [since=DATE] [until=DATE] [experiment=E variant=V] }}</c>.
/// </summary>
/// <param name="Text">The reference as written, braces included.</param>
/// <param name="Line">The 1-based line of the file it is on.</param>
/// <param name="Kind">run | experiment | metric.</param>
/// <param name="Target">The run id (or PROJECT:latest), experiment name or metric name.</param>
/// <param name="Field">The run's metric or the experiment's field (decision); null for a metric.</param>
/// <param name="Arguments">The metric's key=value arguments.</param>
public sealed record LiveReference(string Text, int Line, string Kind, string Target, string? Field, IReadOnlyDictionary<string, string> Arguments);
