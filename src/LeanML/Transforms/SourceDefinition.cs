namespace LeanML.Transforms;

/// <summary>
/// What this capability reads of <c>sources/NAME.yaml</c>: the table the source loads into (its <c>table:</c> key, else
/// the raw table plain ingest derives from <c>path</c>) and its data tests (<c>columns</c>, <c>tests</c>,
/// <c>freshness</c>). Its other keys (path, adapter, rename, key) belong to ingestion.
/// </summary>
public sealed record SourceDefinition(string Name, string File, string Table, IReadOnlyList<DataTestDefinition> Tests);
