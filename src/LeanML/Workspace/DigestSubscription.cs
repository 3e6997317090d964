namespace LeanML.Workspace;

/// <summary>
/// One subscriber of the digest (an entry of <c>digest:</c> in leanml.yaml): e-mail addresses and/or a Slack-compatible
/// webhook, narrowed to some projects and report tags.
/// </summary>
/// <param name="To">E-mail addresses the digest is mailed to (through the <c>smtp:</c> block); may be empty with a webhook.</param>
/// <param name="Tags">Only reports with one of these tags (empty: all reports). Items other than reports have no tags.</param>
/// <param name="Projects">Only items of these projects (empty: all); workspace-wide items go to everyone.</param>
/// <param name="Webhook">A Slack-compatible incoming webhook the digest is posted to, or null.</param>
/// <param name="Line">The line of the entry in leanml.yaml, for messages.</param>
public sealed record DigestSubscription(IReadOnlyList<string> To, IReadOnlyList<string> Tags, IReadOnlyList<string> Projects, string? Webhook, int Line);
