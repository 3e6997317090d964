namespace LeanML.Ingestion;

/// <summary>The profile of one column, as <c>leanml describe</c> shows it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="OriginalName">The header it came from (null for a table LeanML did not ingest).</param>
/// <param name="Type">The logical type ("integer", "money", …; "unknown" when not ingested).</param>
/// <param name="Unit">The currency of a money column.</param>
/// <param name="Nulls">NULL cells.</param>
/// <param name="NullShare">NULL cells as a share of the rows (0 for an empty table).</param>
/// <param name="Distinct">Distinct non-NULL values.</param>
/// <param name="Min">Smallest value (numbers, dates, timestamps).</param>
/// <param name="Max">Largest value (numbers, dates, timestamps).</param>
/// <param name="Mean">Mean of a numeric column.</param>
/// <param name="Top">The five most frequent values of a text column with their counts.</param>
/// <param name="StoredAs">The column's type in the warehouse's own SQL (DuckDB's BIGINT, DATE, VARCHAR…; PostgreSQL's bigint, date, text…).</param>
public sealed record ColumnProfile(
    string Name,
    string? OriginalName,
    string Type,
    string? Unit,
    long Nulls,
    double NullShare,
    long Distinct,
    object? Min,
    object? Max,
    double? Mean,
    IReadOnlyList<ValueCount> Top,
    string StoredAs)
{
    /// <summary>Sample standard deviation of a numeric column (n - 1; numpy's std(ddof=1)).</summary>
    public double? StdDev { get; init; }

    /// <summary>Quantiles p1, p5, p25, p50, p75, p95, p99 of a numeric column, interpolated (percentile_cont; numpy's linear).</summary>
    public IReadOnlyDictionary<string, double>? Quantiles { get; init; }

    /// <summary>Ten equal-width bins from min to max of a numeric column (numpy.histogram's edges and counts).</summary>
    public IReadOnlyList<HistogramBin>? Histogram { get; init; }

    /// <summary>With a label: the AUC of this column alone (two-valued label) or its correlation with the label (numeric label).</summary>
    public double? Association { get; init; }
}
