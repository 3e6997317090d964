namespace LeanML.Evaluation;

/// <summary>The decision's own metric (DESIGN.md section 12): the model at the brief's K or threshold, the rule at the same, and the value gained.</summary>
/// <param name="K">decision_k, or null.</param>
/// <param name="Threshold">decision_threshold, or the model's score at the K-th row.</param>
/// <param name="Precision">The model's precision.</param>
/// <param name="Recall">The model's recall.</param>
/// <param name="PositivesReached">Positives the model reaches.</param>
/// <param name="Confusion">The model's confusion matrix.</param>
/// <param name="Value">The model's expected value, or null without a value: block.</param>
/// <param name="Rule">The business rule acting at the same K or threshold.</param>
/// <param name="ValueOverRule">The model's value minus the rule's, or null.</param>
public sealed record DecisionReport(int? K, double? Threshold, double Precision, double Recall, double PositivesReached, Confusion Confusion, double? Value, DecisionOutcome Rule, double? ValueOverRule);
