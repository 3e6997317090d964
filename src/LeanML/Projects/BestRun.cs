namespace LeanML.Projects;

/// <summary>A project's best run so far: its primary metric against the business rule and the bar.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Metric">The primary metric.</param>
/// <param name="Value">The model's value of it.</param>
/// <param name="Rule">The business rule's name, when the brief names one.</param>
/// <param name="RuleValue">The rule's value on the same rows.</param>
/// <param name="Lift">Model minus rule.</param>
/// <param name="BarMet">Whether the run met the bar.</param>
/// <param name="Bar">The bar as written in the brief (done_when).</param>
public sealed record BestRun(string RunId, string Metric, double? Value, string? Rule, double? RuleValue, double? Lift, bool BarMet, string? Bar);
