namespace LeanML.Reports;

/// <summary>A search of the findings archive.</summary>
/// <param name="Query">The words, all required (an empty query lists the reports that pass the filters, newest first).</param>
/// <param name="Author">Only reports this author wrote (case-insensitive).</param>
/// <param name="Tag">Only reports with this tag (case-insensitive).</param>
/// <param name="Project">Only reports on this project.</param>
/// <param name="After">Only reports created on or after this day.</param>
/// <param name="Limit">At most this many hits.</param>
public sealed record SearchRequest(string Query, string? Author = null, string? Tag = null, string? Project = null, DateOnly? After = null, int Limit = 20);
