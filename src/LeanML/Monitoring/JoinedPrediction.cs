namespace LeanML.Monitoring;

/// <summary>A prediction with its outcome, when one counts for it.</summary>
/// <param name="Prediction">The prediction.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Outcome">The outcome that scores it (Labelled) or arrived too late (Late); null otherwise.</param>
public sealed record JoinedPrediction(LivePrediction Prediction, OutcomeStatus Status, OutcomeRecord? Outcome);
