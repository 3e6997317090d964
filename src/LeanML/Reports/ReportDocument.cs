namespace LeanML.Reports;

/// <summary>A report read from <c>reports/*.md</c>: its front matter (when valid), body, live references and problems.</summary>
/// <param name="Path">The path relative to the workspace (reports/YYYY-MM-DD-slug.md).</param>
/// <param name="Sha256">SHA-256 of the file's bytes (lower-case hex): what the search index compares.</param>
/// <param name="FrontMatter">The front matter, or null when it has errors.</param>
/// <param name="Body">The Markdown after the front matter.</param>
/// <param name="BodyLine">The 1-based line the body starts on.</param>
/// <param name="References">The live references in the body.</param>
/// <param name="Issues">Every problem found, each with its line.</param>
public sealed record ReportDocument(string Path, string Sha256, ReportFrontMatter? FrontMatter, string Body, int BodyLine, IReadOnlyList<LiveReference> References, IReadOnlyList<ReportIssue> Issues)
{
    /// <summary>True when the report has no problem.</summary>
    public bool Valid => Issues.Count == 0;
}
