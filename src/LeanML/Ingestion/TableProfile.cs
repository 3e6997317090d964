namespace LeanML.Ingestion;

/// <summary>The profile of a table: its row count and each column's profile.</summary>
public sealed record TableProfile(string Table, long Rows, IReadOnlyList<ColumnProfile> Columns);
