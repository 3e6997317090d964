namespace LeanML.Evaluation;

/// <summary>One bin of a reliability table: predictions in [Low, High), how many, their mean and the observed positive rate.</summary>
/// <param name="Low">The bin's lower edge.</param>
/// <param name="High">The bin's upper edge (the last bin includes 1).</param>
/// <param name="Count">Rows whose prediction fell in the bin.</param>
/// <param name="MeanPredicted">The mean prediction of those rows (null for an empty bin).</param>
/// <param name="Observed">The share of those rows that were positive (null for an empty bin).</param>
public sealed record CalibrationBin(double Low, double High, int Count, double? MeanPredicted, double? Observed);
