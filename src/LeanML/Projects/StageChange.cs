namespace LeanML.Projects;

/// <summary>One recorded change of a project's stage.</summary>
/// <param name="Project">The project.</param>
/// <param name="From">The stage before (null when the brief had none).</param>
/// <param name="To">The stage after.</param>
/// <param name="ChangedAt">When (UTC).</param>
/// <param name="ChangedBy">Who (LEANML_USER, else USER).</param>
public sealed record StageChange(string Project, string? From, string To, DateTimeOffset ChangedAt, string ChangedBy);
