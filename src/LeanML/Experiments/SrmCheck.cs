namespace LeanML.Experiments;

/// <summary>Sample-ratio mismatch: chi-square goodness of fit of the assignment counts against the weights.</summary>
/// <param name="Observed">Units per variant.</param>
/// <param name="Expected">Units per variant the weights predict.</param>
/// <param name="ChiSquare">The statistic.</param>
/// <param name="PValue">Its p-value (k - 1 degrees of freedom).</param>
/// <param name="Checked">False when some variant has fewer than 8 units (the test is not meaningful yet).</param>
/// <param name="Flagged">True when checked and p &lt; 0.001: the results cannot be trusted.</param>
public sealed record SrmCheck(IReadOnlyDictionary<string, long> Observed, IReadOnlyDictionary<string, double> Expected, double ChiSquare, double PValue, bool Checked, bool Flagged)
{
    /// <summary>The p-value below which a mismatch is flagged (GrowthBook's default).</summary>
    public const double Threshold = 0.001;

    /// <summary>Fewer units than this in any variant and the check is skipped.</summary>
    public const int MinimumUnits = 8;
}
