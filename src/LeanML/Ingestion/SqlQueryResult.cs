namespace LeanML.Ingestion;

/// <summary>The result of a read-only query: column names and rows of plain values (long, double, string or null).</summary>
public sealed record SqlQueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);
