namespace LeanML.Reports;

/// <summary>A report with its live numbers filled in.</summary>
/// <param name="Path">The report's path relative to the workspace.</param>
/// <param name="Title">Its title.</param>
/// <param name="Markdown">The rendered Markdown (front matter kept, numbers filled in with their as-of).</param>
/// <param name="Html">The rendered HTML page (Markdig).</param>
/// <param name="Numbers">Every live number, in the order written.</param>
public sealed record RenderedReport(string Path, string Title, string Markdown, string Html, IReadOnlyList<LiveNumber> Numbers);
