using LeanML.Ingestion;

namespace LeanML.Sources;

/// <summary>One file loaded through the adapters: the raw load, and what the adapter made of it.</summary>
/// <param name="Load">The raw table's load, exactly as plain ingest reports it.</param>
/// <param name="Adapter">The canonical rows written, when the file was recognised.</param>
/// <param name="Hint">When not recognised but near a known export: which export, and the columns that differ.</param>
/// <param name="Source">The declared source it came from (sources/NAME.yaml), if any.</param>
public sealed record SourceLoadResult(IngestResult Load, AdapterResult? Adapter, string? Hint, string? Source)
{
    /// <summary>Set when the raw table took another name than plain ingest's (a file named like a canonical table).</summary>
    public string? Notice { get; init; }
}
