using LeanML.Projects;

namespace LeanML.Digest;

/// <summary>Projects whose computed health changed (as recorded by the board, the update and the digest itself).</summary>
public sealed class HealthChangeDigestSource : IDigestSource
{
    /// <inheritdoc />
    public string Kind => "health";

    /// <inheritdoc />
    public async Task<IReadOnlyList<DigestItem>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var changes = await new ProjectHistoryStore(context.State).HealthChangesAsync(context.From, cancellationToken).ConfigureAwait(false);
        return changes
            .Where(c => known.Contains(c.Project))
            .Select(c => new DigestItem(
                $"health:{c.Project}:{c.At.ToUnixTimeMilliseconds()}",
                Kind,
                c.Project,
                $"{c.Project} is now {c.Status} (was {c.Previous})",
                c.Reason,
                c.Project,
                c.At,
                []))
            .ToList();
    }
}
