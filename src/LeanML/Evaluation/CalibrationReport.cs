namespace LeanML.Evaluation;

/// <summary>How well predicted probabilities match observed rates.</summary>
/// <param name="Bins">The reliability table: 10 equal-width bins over [0, 1].</param>
/// <param name="Brier">The Brier score: mean squared difference between prediction and 0/1 outcome.</param>
/// <param name="Ece">Expected calibration error: Σ (bin rows / rows) × |mean prediction − observed rate|.</param>
public sealed record CalibrationReport(IReadOnlyList<CalibrationBin> Bins, double Brier, double Ece);
