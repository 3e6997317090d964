namespace LeanML.Projects;

/// <summary>One project's weekly update: where it stands, its health and the lines of what happened in the window.</summary>
/// <param name="Project">The project.</param>
/// <param name="Stage">Its stage.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Due">Its due date.</param>
/// <param name="DaysToDue">Days from today to the due date (negative: overdue).</param>
/// <param name="Health">on track | at risk | off track.</param>
/// <param name="HealthReason">The rule that decided it.</param>
/// <param name="HealthNote">The owner's note, shown beside the computed health.</param>
/// <param name="Best">The best run so far, or null.</param>
/// <param name="LastEvent">The latest event at any time, or null.</param>
/// <param name="Lines">The events of the window, oldest first, each linking its id.</param>
public sealed record ProjectUpdate(
    string Project,
    string Stage,
    string? Owner,
    DateOnly? Due,
    int? DaysToDue,
    string Health,
    string HealthReason,
    string? HealthNote,
    BestRun? Best,
    ProjectEvent? LastEvent,
    IReadOnlyList<ProjectEvent> Lines);
