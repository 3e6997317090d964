namespace LeanML.Monitoring;

/// <summary>Where a prediction stands with its outcome.</summary>
public enum OutcomeStatus
{
    /// <summary>The outcome arrived after the prediction (within the horizon, when there is one): it scores the prediction.</summary>
    Labelled,

    /// <summary>No outcome yet, and it is not yet due (no horizon, or the horizon has not passed).</summary>
    Pending,

    /// <summary>No outcome, and the horizon has passed: expected but missing.</summary>
    Missing,

    /// <summary>The outcome arrived, but later than the horizon after the prediction: counted, not used.</summary>
    Late,

    /// <summary>The prediction has no row id, so no outcome can be joined to it.</summary>
    Unmatched,
}
