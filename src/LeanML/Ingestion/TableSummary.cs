namespace LeanML.Ingestion;

/// <summary>One user table or view of the warehouse, as <c>leanml tables</c> lists it.</summary>
/// <param name="Name">The table or view name.</param>
/// <param name="Rows">Its row count; null for a view (counting would run its whole query).</param>
/// <param name="Columns">Its data columns (lineage columns not counted).</param>
/// <param name="LastLoadAt">When its last successful load finished, if it was ingested.</param>
/// <param name="LastLoadId">That load's id.</param>
/// <param name="LastLoadFile">That load's file.</param>
public sealed record TableSummary(string Name, long? Rows, int Columns, DateTimeOffset? LastLoadAt, string? LastLoadId, string? LastLoadFile)
{
    /// <summary>"table" or "view".</summary>
    public string Kind { get; init; } = "table";

    /// <summary>The transform (<c>transforms/NAME.sql</c>) that built it, when one did.</summary>
    public string? Transform { get; init; }
}
