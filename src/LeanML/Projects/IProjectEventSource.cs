namespace LeanML.Projects;

/// <summary>
/// One type of recorded event the weekly update reads. The update is composed from a list of these, so a capability
/// that records something new (transform builds, data tests, monitoring verdicts and alerts, published reports) adds
/// its lines by adding one source to <see cref="ProjectEventSources.Default"/>; without it those lines are absent.
/// </summary>
public interface IProjectEventSource
{
    /// <summary>The event kind this source yields (its lines' <see cref="ProjectEvent.Kind"/>).</summary>
    string Kind { get; }

    /// <summary>The events at or after <see cref="ProjectEventContext.From"/>, attributed to projects where they belong.</summary>
    Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken);
}
