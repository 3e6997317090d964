namespace LeanML.Notifications;

/// <summary>
/// What became of one send: delivered, or the reason it was not. A failed channel is a value, not an exception, so a
/// caller reports it and retries next time without the other channels (or the check that raised the alert) stopping.
/// </summary>
/// <param name="Channel">Where it went, for messages: "email ana@acme.example" or "webhook https://hooks.slack.com/…".</param>
/// <param name="Delivered">True when the server accepted it.</param>
/// <param name="Error">Why it was not delivered, in one line, or null.</param>
public sealed record Delivery(string Channel, bool Delivered, string? Error)
{
    /// <summary>A delivered send.</summary>
    public static Delivery Ok(string channel) => new(channel, true, null);

    /// <summary>A failed send with its reason.</summary>
    public static Delivery Failed(string channel, string error) => new(channel, false, error);
}
