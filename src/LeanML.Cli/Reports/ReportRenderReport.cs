using LeanML.Reports;

namespace LeanML.Cli.Reports;

/// <summary>The --json answer of <c>leanml report render</c>: the live numbers and where the output went.</summary>
/// <param name="Path">The report rendered.</param>
/// <param name="Title">Its title.</param>
/// <param name="Output">The file written (--md or --html), or null when the Markdown went to stdout.</param>
/// <param name="Numbers">Every live number with its source and as-of.</param>
/// <param name="Markdown">The rendered Markdown when no file was asked for.</param>
internal sealed record ReportRenderReport(string Path, string Title, string? Output, IReadOnlyList<LiveNumber> Numbers, string? Markdown);
