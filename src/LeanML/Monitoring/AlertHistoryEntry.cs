namespace LeanML.Monitoring;

/// <summary>One alert tried on one channel, as the history keeps it (<c>leanml alerts</c>).</summary>
/// <param name="Id">Its number in the history.</param>
/// <param name="SentAt">When it was tried.</param>
/// <param name="Project">The project.</param>
/// <param name="Kind">drift | performance | volume | errors.</param>
/// <param name="Channel">"webhook https://host/…" or "email a@b, c@d".</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The rule's threshold.</param>
/// <param name="N">Rows behind the value.</param>
/// <param name="Sentence">What was sent.</param>
/// <param name="Delivered">True when the channel accepted it.</param>
/// <param name="Error">Why it failed (it is retried on the next check), or null.</param>
public sealed record AlertHistoryEntry(long Id, DateTimeOffset SentAt, string Project, string Kind, string Channel, double? Value, double Threshold, long N, string Sentence, bool Delivered, string? Error);
