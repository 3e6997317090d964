using LeanML.Projects;

namespace LeanML.Digest;

/// <summary>News taken from one of the update's event sources (experiments decided, models promoted).</summary>
/// <param name="events">The event source.</param>
/// <param name="title">The item's title from its event.</param>
public sealed class EventDigestSource(IProjectEventSource events, Func<ProjectEvent, string> title) : IDigestSource
{
    /// <inheritdoc />
    public string Kind => events.Kind;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DigestItem>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        var list = await events.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        return list
            .Select(e => new DigestItem($"{e.Kind}:{e.Link}:{e.At.ToUnixTimeMilliseconds()}", e.Kind, e.Project, title(e), e.Text, e.Link, e.At, []))
            .ToList();
    }
}
