namespace LeanML.Storage;

/// <summary>A column of a full-text index with its weight class: A (heaviest, e.g. the title) to D (the body).</summary>
/// <param name="Name">The column's name in the table.</param>
/// <param name="Weight">A, B, C or D (PostgreSQL's setweight classes; SQLite's BM25 weights 10, 5, 2, 1).</param>
public sealed record FullTextColumn(string Name, char Weight);
