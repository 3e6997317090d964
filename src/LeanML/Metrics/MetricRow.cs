namespace LeanML.Metrics;

/// <summary>One computed value of a metric: for one period and one dimension value when cut, else the whole.</summary>
/// <param name="Period">The start of the period (yyyy-MM-dd) when cut by a grain, else null.</param>
/// <param name="Dimension">The dimension's value when cut by one, else null.</param>
/// <param name="Value">The metric's value (null when undefined: a ratio over zero, no rows for a mean).</param>
/// <param name="Formatted">The value written with the definition's <c>format</c>.</param>
/// <param name="Numerator">What was summed or counted (the total of an additive metric over a population).</param>
/// <param name="Denominator">What it was divided by (rows, entities, the denominator's sum), or null for a plain total.</param>
/// <param name="Entities">The number of entities behind the value (the population's size when there is one).</param>
public sealed record MetricRow(string? Period, string? Dimension, double? Value, string Formatted, double Numerator, double? Denominator, long Entities);
