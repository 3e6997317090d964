namespace LeanML.Experiments;

/// <summary>The analysis of one metric: every variant's figures and every treatment against the control.</summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Kind">proportion, mean or ratio.</param>
/// <param name="Role">primary, guardrail or secondary.</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Margin">The guardrail margin, when set.</param>
/// <param name="Cuped">True when CUPED adjusted the comparisons.</param>
/// <param name="Variants">Per-variant figures, control first.</param>
/// <param name="Comparisons">Each treatment against the control.</param>
public sealed record MetricResult(string Metric, MetricKind Kind, string Role, MetricDirection Direction, double? Margin, bool Cuped, IReadOnlyList<VariantResult> Variants, IReadOnlyList<ComparisonResult> Comparisons);
