namespace LeanML.Evaluation;

/// <summary>A threshold on the model's scores (flag a row when its score is at least this) and what it gives on the held-out rows.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="Share">Share of rows flagged.</param>
/// <param name="Precision">Share of flagged rows that are positive.</param>
/// <param name="Recall">Share of positives flagged.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
public sealed record ThresholdChoice(double Threshold, double Share, double Precision, double Recall, double F1);
