using LeanML.Ingestion;

namespace LeanML.Sources;

/// <summary>One column of a canonical table.</summary>
/// <param name="Name">Its name (Fivetran's where Fivetran has one).</param>
/// <param name="Type">Its logical type.</param>
/// <param name="Description">What it holds, for the README and <c>leanml describe</c> readers.</param>
public sealed record CanonicalColumn(string Name, ColumnType Type, string Description);
