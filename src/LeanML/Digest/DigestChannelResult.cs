namespace LeanML.Digest;

/// <summary>What became of the digest for one channel of one subscription.</summary>
/// <param name="Channel">"email ana@acme.example" or "webhook https://hooks.slack.com/…" (the webhook's path is a secret).</param>
/// <param name="Status">sent | nothing new | failed | would send (dry run).</param>
/// <param name="Items">The ids of the items new to this channel.</param>
/// <param name="Error">Why the send failed (it is retried next time), or null.</param>
/// <param name="Markdown">The digest as composed for this channel (empty when nothing is new).</param>
public sealed record DigestChannelResult(string Channel, string Status, IReadOnlyList<string> Items, string? Error, string Markdown);
