namespace LeanML.Projects;

/// <summary>Stage changes made with <c>leanml project stage</c>.</summary>
public sealed class StageChangeEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "stage";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var changes = await new ProjectHistoryStore(context.State).StageChangesAsync(context.From, cancellationToken).ConfigureAwait(false);
        return changes
            .Where(c => known.Contains(c.Project))
            .Select(c => new ProjectEvent(c.Project, c.ChangedAt, Kind, $"stage {c.From ?? "(none)"} → {c.To} by {c.ChangedBy}", $"stage:{c.To}"))
            .ToList();
    }
}
