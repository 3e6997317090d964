namespace LeanML.Digest;

/// <summary>The outcome of <c>leanml digest</c>.</summary>
/// <param name="Since">Start of the window.</param>
/// <param name="Until">When it ran.</param>
/// <param name="DryRun">True when nothing was sent or recorded.</param>
/// <param name="Items">Every item of the window, newest first.</param>
/// <param name="Channels">Per channel: what was new, and whether it was sent.</param>
/// <param name="AtomFile">The feed written, or null (dry run).</param>
/// <param name="Markdown">The whole window's digest, as a subscriber of everything would read it.</param>
public sealed record DigestResult(DateTimeOffset Since, DateTimeOffset Until, bool DryRun, IReadOnlyList<DigestItem> Items, IReadOnlyList<DigestChannelResult> Channels, string? AtomFile, string Markdown)
{
    /// <summary>True when some channel's send failed.</summary>
    public bool AnyFailed => Channels.Any(c => c.Status == "failed");
}
