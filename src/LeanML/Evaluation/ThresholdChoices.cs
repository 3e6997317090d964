namespace LeanML.Evaluation;

/// <summary>Two thresholds worth knowing for a binary model: the one that maximises F1, and the one that flags as many rows as the rule.</summary>
/// <param name="F1Max">The threshold with the highest F1 on the held-out rows.</param>
/// <param name="RuleShare">The threshold that flags the same share of rows as the rule (rule score ≥ 0.5), or null when the rule flags none.</param>
public sealed record ThresholdChoices(ThresholdChoice F1Max, ThresholdChoice? RuleShare);
