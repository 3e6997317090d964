using LeanML.Storage;

namespace LeanML.Projects;

/// <summary>What an event source reads from: the workspace, its open stores, the projects and the time range.</summary>
/// <param name="Workspace">The workspace (experiment files, briefs).</param>
/// <param name="State">The open state store (runs, promotions, experiments, stage changes).</param>
/// <param name="Warehouse">The open warehouse (ingest log), or null when there is none yet.</param>
/// <param name="Projects">The projects the events are attributed to.</param>
/// <param name="From">The earliest event time wanted.</param>
/// <param name="Now">The time the update is composed at.</param>
public sealed record ProjectEventContext(
    Workspace.Workspace Workspace,
    Database State,
    Database? Warehouse,
    IReadOnlyList<ProjectCard> Projects,
    DateTimeOffset From,
    DateTimeOffset Now);
