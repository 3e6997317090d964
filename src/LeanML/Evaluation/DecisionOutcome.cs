namespace LeanML.Evaluation;

/// <summary>What acting on one set of scores at the brief's K or threshold gives on the held-out rows.</summary>
/// <param name="K">The number of highest scores acted on (decision_k), or null.</param>
/// <param name="Threshold">The threshold acted on (decision_threshold), or the score at the K-th row.</param>
/// <param name="Precision">Share of flagged rows that are positive.</param>
/// <param name="Recall">Share of positives flagged.</param>
/// <param name="PositivesReached">Positives among the flagged rows (the confusion's tp).</param>
/// <param name="Confusion">The confusion matrix.</param>
/// <param name="Value">The expected value under the brief's value: block, or null without one.</param>
public sealed record DecisionOutcome(int? K, double? Threshold, double Precision, double Recall, double PositivesReached, Confusion Confusion, double? Value);
