namespace LeanML.Metrics;

/// <summary>What to compute: one metric, optionally cut by a dimension and a time grain, over a window and a population.</summary>
/// <param name="Metric">The metric's name (<c>metrics/NAME.yaml</c>).</param>
/// <param name="By">A dimension the definition allows, or null.</param>
/// <param name="Grain">A grain the definition allows (day, week, month, quarter, year), or null for one number.</param>
/// <param name="Since">Rows at or after this instant (UTC), or null.</param>
/// <param name="Until">Rows before this instant (UTC), or null.</param>
/// <param name="Population">The entities to compute over, or null for every entity.</param>
public sealed record MetricRequest(string Metric, string? By = null, string? Grain = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, MetricPopulation? Population = null);
