namespace LeanML.Experiments;

/// <summary>One variant's figures for one metric.</summary>
/// <param name="Variant">The variant.</param>
/// <param name="Units">Units assigned to it (all of them: a unit without events counts 0).</param>
/// <param name="Mean">The metric's mean (for a ratio: sum of numerators over sum of denominators).</param>
/// <param name="Variance">Per-unit variance (for a ratio: delta-method variance times the units).</param>
public sealed record VariantResult(string Variant, long Units, double Mean, double Variance);
