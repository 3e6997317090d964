namespace LeanML.Ingestion;

/// <summary>The metadata of one ingested column: its SQL name, the header it came from, its type and unit.</summary>
/// <param name="Name">The snake_case column name in the warehouse.</param>
/// <param name="OriginalName">The header (or JSON path) as written in the first file that brought it.</param>
/// <param name="Type">The logical type.</param>
/// <param name="Unit">The currency code of a money column, else null.</param>
public sealed record ColumnInfo(string Name, string OriginalName, ColumnType Type, string? Unit);
