namespace LeanML.Projects;

/// <summary>One project on the board.</summary>
/// <param name="Project">The project.</param>
/// <param name="Stage">Its stage.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Due">Its due date.</param>
/// <param name="DaysToDue">Days to the due date (negative: overdue).</param>
/// <param name="Health">on track | at risk | off track.</param>
/// <param name="HealthReason">The rule that decided it.</param>
/// <param name="HealthNote">The owner's note.</param>
/// <param name="LastEvent">The latest recorded event, or null.</param>
public sealed record BoardRow(string Project, string Stage, string? Owner, DateOnly? Due, int? DaysToDue, string Health, string HealthReason, string? HealthNote, ProjectEvent? LastEvent);
