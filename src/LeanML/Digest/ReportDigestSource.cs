using LeanML.Projects;

namespace LeanML.Digest;

/// <summary>Reports published in the window, with their tags (subscriptions may ask for tags).</summary>
public sealed class ReportDigestSource : IDigestSource
{
    /// <inheritdoc />
    public string Kind => "report";

    /// <inheritdoc />
    public Task<IReadOnlyList<DigestItem>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<DigestItem> items = [.. ReportEventSource.Published(context).Select(r =>
            new DigestItem($"report:{r.Path}", Kind, r.Front.Project, $"report: {r.Front.Title}", r.Front.Tldr, r.Path, r.At, r.Front.Tags))];
        return Task.FromResult(items);
    }
}
