namespace LeanML.Monitoring;

/// <summary>
/// What training saw of one column (a feature, the prediction or the label), saved in the run's reference profile:
/// exact count, nulls, min, max, mean and standard deviation, and either a quantile sketch (numbers) or the top
/// categories with "other" (text). Live data is later binned on the same cuts, so every drift statistic compares
/// exact counts on the reference's own grid.
/// </summary>
/// <param name="Name">The column's name (the feature, or "prediction" / "label").</param>
/// <param name="Kind">"number" or "category".</param>
/// <param name="Count">Rows with a value.</param>
/// <param name="Nulls">Rows without one.</param>
/// <param name="Min">The smallest value (numbers).</param>
/// <param name="Max">The largest value (numbers).</param>
/// <param name="Mean">The mean (numbers).</param>
/// <param name="Std">The standard deviation, n − 1 in the denominator (numbers).</param>
/// <param name="Quantiles">The 0th to 100th percentiles (101 values, the k-th smallest at k = floor(q · (n − 1))); empty for categories.</param>
/// <param name="Cuts">The distinct inner percentiles (1st to 99th), ascending: bin j holds values with j cuts at or below them.</param>
/// <param name="BinCounts">Rows per bin of <paramref name="Cuts"/> (Cuts.Count + 1 bins); for categories, rows per entry of <paramref name="Categories"/> then "other".</param>
/// <param name="Deciles">The distinct 10th to 90th percentiles (a subset of the cuts): PSI's bins.</param>
/// <param name="Categories">The 50 most frequent values (categories), most frequent first; "other" is the last bin.</param>
/// <param name="ShareAtLeastHalf">The share of values at or above 0.5 (a binary model's prediction), when recorded.</param>
public sealed record ColumnProfile(
    string Name,
    string Kind,
    long Count,
    long Nulls,
    double? Min,
    double? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<double> Quantiles,
    IReadOnlyList<double> Cuts,
    IReadOnlyList<long> BinCounts,
    IReadOnlyList<double> Deciles,
    IReadOnlyList<string> Categories,
    double? ShareAtLeastHalf = null)
{
    /// <summary>The kind of a numeric column.</summary>
    public const string Number = "number";

    /// <summary>The kind of a text (category) column.</summary>
    public const string Category = "category";

    /// <summary>How many categories are kept by name; the rest count as "other".</summary>
    public const int TopCategories = 50;

    /// <summary>True for a category column.</summary>
    public bool IsCategory => Kind == Category;
}
