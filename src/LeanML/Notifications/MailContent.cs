namespace LeanML.Notifications;

/// <summary>One e-mail to people: a plain-text body always, and an HTML alternative when there is one.</summary>
/// <param name="To">The recipients' addresses.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Text">The plain-text body (also what a webhook would carry).</param>
/// <param name="Html">The HTML body, or null for plain text only.</param>
public sealed record MailContent(IReadOnlyList<string> To, string Subject, string Text, string? Html = null);
