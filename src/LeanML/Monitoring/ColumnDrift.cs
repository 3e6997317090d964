namespace LeanML.Monitoring;

/// <summary>How one column's live values compare with the reference.</summary>
/// <param name="Column">The feature's name, or "prediction".</param>
/// <param name="Role">"feature" or "prediction".</param>
/// <param name="Kind">"number" or "category".</param>
/// <param name="N">Live values (non-null).</param>
/// <param name="ReferenceN">Reference values (non-null).</param>
/// <param name="MissingRate">Share of live rows without a value.</param>
/// <param name="ReferenceMissingRate">Share of reference rows without one.</param>
/// <param name="UnseenRate">Share of live values that are categories training never saw (categories; else null).</param>
/// <param name="Psi">Population stability index on the reference deciles (numbers) or categories.</param>
/// <param name="WassersteinSigma">Wasserstein distance over the reference's standard deviation (numbers).</param>
/// <param name="JensenShannon">Jensen–Shannon distance, base 2 (categories).</param>
/// <param name="Test">"ks" (numbers) or "chi-square" (categories).</param>
/// <param name="Statistic">The test's statistic (KS: the largest CDF gap at the reference's percentiles).</param>
/// <param name="PValue">The test's p-value.</param>
/// <param name="Effect">The effect the floor applies to: WassersteinSigma for numbers, JensenShannon for categories.</param>
/// <param name="Verdict">drift | negligible | no drift | not enough data.</param>
/// <param name="Importance">The feature's share of the model's total gain (1 for the prediction).</param>
/// <param name="Score">Importance × effect: the ranking.</param>
/// <param name="ReferenceMean">The reference mean (numbers).</param>
/// <param name="LiveMean">The live mean (numbers).</param>
/// <param name="ShareOf">What the shares measure: "above 0.5" for a binary prediction, a category's value for text (the one that moved most).</param>
/// <param name="ReferenceShare">That share in the reference.</param>
/// <param name="LiveShare">That share live.</param>
public sealed record ColumnDrift(
    string Column,
    string Role,
    string Kind,
    long N,
    long ReferenceN,
    double MissingRate,
    double ReferenceMissingRate,
    double? UnseenRate,
    double? Psi,
    double? WassersteinSigma,
    double? JensenShannon,
    string Test,
    double? Statistic,
    double? PValue,
    double? Effect,
    string Verdict,
    double Importance,
    double Score,
    double? ReferenceMean,
    double? LiveMean,
    string? ShareOf,
    double? ReferenceShare,
    double? LiveShare)
{
    /// <summary>The role of a feature column.</summary>
    public const string FeatureRole = "feature";

    /// <summary>The role of the model's output.</summary>
    public const string PredictionRole = "prediction";

    /// <summary>True when the verdict is drift.</summary>
    public bool Drifted => Verdict == DriftVerdicts.Drift;
}
