namespace LeanML.Experiments;

/// <summary>
/// Sufficient statistics of one variant for one metric, summed in SQL: count, sums and sums of squares of the
/// per-unit value Y and a second per-unit value X (the pre-period covariate for CUPED, the denominator for a ratio),
/// and the sum of their products.
/// </summary>
public readonly record struct MomentSums(long N, double Y, double YY, double X, double XX, double XY);
