namespace LeanML.Reports;

/// <summary>One report found, best first.</summary>
/// <param name="Path">The report's path relative to the workspace.</param>
/// <param name="Title">Its title.</param>
/// <param name="Authors">Its authors.</param>
/// <param name="Created">The day it was written.</param>
/// <param name="Project">Its project, if any.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Status">draft | published | superseded.</param>
/// <param name="Rank">Relevance (higher is better: negated BM25 on SQLite, ts_rank on PostgreSQL; 0 for a listing).</param>
/// <param name="Snippet">The passage that matched, matched words between ** marks.</param>
public sealed record SearchHit(string Path, string Title, IReadOnlyList<string> Authors, string Created, string? Project, IReadOnlyList<string> Tags, string Status, double Rank, string Snippet);
