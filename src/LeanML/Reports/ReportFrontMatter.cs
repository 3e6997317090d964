namespace LeanML.Reports;

/// <summary>The front matter of a report (Knowledge Repo's header, kept to what a small team reads).</summary>
/// <param name="Title">The title.</param>
/// <param name="Authors">Who wrote it.</param>
/// <param name="Tldr">The one sentence a busy reader takes away.</param>
/// <param name="Created">The day it was written.</param>
/// <param name="Tags">Free tags.</param>
/// <param name="Project">The project it reports on, if any.</param>
/// <param name="Status">draft | published | superseded.</param>
/// <param name="Decision">The decision it records, if any.</param>
/// <param name="Runs">Training runs it cites.</param>
/// <param name="Experiments">Experiments it cites.</param>
/// <param name="Metrics">Defined metrics it cites.</param>
/// <param name="Supersedes">The report (file name) it replaces, if any.</param>
public sealed record ReportFrontMatter(
    string Title,
    IReadOnlyList<string> Authors,
    string Tldr,
    DateOnly Created,
    IReadOnlyList<string> Tags,
    string? Project,
    string Status,
    string? Decision,
    IReadOnlyList<string> Runs,
    IReadOnlyList<string> Experiments,
    IReadOnlyList<string> Metrics,
    string? Supersedes);
