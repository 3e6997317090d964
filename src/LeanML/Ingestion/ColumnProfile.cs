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
    string StoredAs);
