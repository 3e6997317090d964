namespace LeanML.Ingestion;

/// <summary>One user table of the warehouse, as <c>leanml tables</c> lists it.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Rows">Its row count.</param>
/// <param name="Columns">Its data columns (lineage columns not counted).</param>
/// <param name="LastLoadAt">When its last successful load finished, if it was ingested.</param>
/// <param name="LastLoadId">That load's id.</param>
/// <param name="LastLoadFile">That load's file.</param>
public sealed record TableSummary(string Name, long Rows, int Columns, DateTimeOffset? LastLoadAt, string? LastLoadId, string? LastLoadFile);
