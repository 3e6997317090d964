namespace LeanML.Reports;

/// <summary>The answer of <c>leanml search</c>: the hits and what the re-index before it did.</summary>
/// <param name="Query">The query as given.</param>
/// <param name="Hits">The reports found, best first.</param>
/// <param name="Index">The incremental re-index that ran first.</param>
public sealed record SearchResult(string Query, IReadOnlyList<SearchHit> Hits, ReportIndexResult Index);
