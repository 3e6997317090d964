namespace LeanML.Projects;

/// <summary>A project's health as recorded when it was last computed (a row is written only when it changes).</summary>
/// <param name="Project">The project.</param>
/// <param name="Status">on track | at risk | off track.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="At">When it was computed (UTC).</param>
/// <param name="Previous">The status before, or null for the first record of the project.</param>
public sealed record HealthRecord(string Project, string Status, string Reason, DateTimeOffset At, string? Previous);
