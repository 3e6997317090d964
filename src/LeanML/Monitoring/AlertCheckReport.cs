namespace LeanML.Monitoring;

/// <summary><c>leanml alerts check</c> / <c>outcomes --alert</c>: the signals evaluated and what was sent where.</summary>
/// <param name="Signals">Every signal evaluated.</param>
/// <param name="Outcomes">Per signal and channel: sent, failed, cooldown, quiet or too few.</param>
/// <param name="Notes">What could not be evaluated, and why.</param>
public sealed record AlertCheckReport(IReadOnlyList<AlertSignal> Signals, IReadOnlyList<AlertOutcome> Outcomes, IReadOnlyList<string> Notes)
{
    /// <summary>True when some signal fired (sent, failed or held by its cooldown).</summary>
    public bool Fired => Outcomes.Any(o => o.Status is "sent" or "failed" or "cooldown");

    /// <summary>True when some channel failed.</summary>
    public bool AnyFailed => Outcomes.Any(o => o.Status == "failed");
}
