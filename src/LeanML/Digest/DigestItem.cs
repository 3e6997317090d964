namespace LeanML.Digest;

/// <summary>One piece of news in the digest.</summary>
/// <param name="Id">Stable across runs (kind, the event's id and its time): what is recorded as sent, and the Atom entry's id.</param>
/// <param name="Kind">decision | promotion | health (later: report, alert).</param>
/// <param name="Project">The project it is about, or null for the workspace.</param>
/// <param name="Title">One line.</param>
/// <param name="Text">The sentence behind it.</param>
/// <param name="Link">The id to look it up: run id, experiment name, project, report path.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Tags">Tags (reports carry them; other items none).</param>
public sealed record DigestItem(string Id, string Kind, string? Project, string Title, string Text, string Link, DateTimeOffset At, IReadOnlyList<string> Tags);
