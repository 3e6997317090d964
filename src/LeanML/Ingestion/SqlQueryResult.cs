namespace LeanML.Ingestion;

/// <summary>The result of a read-only query: column names and rows of plain values (long, double, string, bool or null).</summary>
public sealed record SqlQueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>The database's type of each column (DuckDB's BIGINT, DATE, VARCHAR…; PostgreSQL's int8, date, text…).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
}
