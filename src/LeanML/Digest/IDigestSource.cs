namespace LeanML.Digest;

/// <summary>
/// One kind of news the digest gathers. Published reports and monitoring alerts join as one more source each in
/// <see cref="DigestSources.Default"/> when those capabilities land; until then their items are absent.
/// </summary>
public interface IDigestSource
{
    /// <summary>The kind of the items this source yields.</summary>
    string Kind { get; }

    /// <summary>The items of the range.</summary>
    Task<IReadOnlyList<DigestItem>> ReadAsync(Projects.ProjectEventContext context, CancellationToken cancellationToken);
}
