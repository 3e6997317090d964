using LeanML.Monitoring;

namespace LeanML.Training;

/// <summary>A live prediction whose outcome arrived: its logged inputs become a training row, the outcome its label.</summary>
/// <param name="Prediction">The prediction (inputs null for batch predictions).</param>
/// <param name="Label">The outcome's label as the outcome SQL gave it.</param>
public sealed record LabelledPrediction(LivePrediction Prediction, string Label);
