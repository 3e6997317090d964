namespace LeanML.Experiments;

/// <summary>One variant's estimate of a metric: units, mean and the per-unit variance (the mean's variance is Variance / Units).</summary>
/// <param name="Units">Units in the variant.</param>
/// <param name="Mean">The metric's estimate (for a ratio: sum of numerators over sum of denominators).</param>
/// <param name="Variance">Per-unit sample variance (for a ratio: the delta-method variance times the units).</param>
public readonly record struct ArmEstimate(long Units, double Mean, double Variance);
