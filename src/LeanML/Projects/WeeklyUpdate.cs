namespace LeanML.Projects;

/// <summary>The update of every project (or one) over a window, plus the workspace-wide events no project claims.</summary>
/// <param name="Since">Start of the window.</param>
/// <param name="Until">When it was composed.</param>
/// <param name="Projects">The projects' updates, by stage then name.</param>
/// <param name="Workspace">Events of the window that belong to no project (e.g. loads of tables no project reads).</param>
public sealed record WeeklyUpdate(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<ProjectUpdate> Projects, IReadOnlyList<ProjectEvent> Workspace);
