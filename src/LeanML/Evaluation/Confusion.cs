namespace LeanML.Evaluation;

/// <summary>
/// The confusion matrix of a decision on held-out rows. Counts are whole numbers, except at a top-K cut inside a
/// group of equal scores, where each tied row is taken with the same chance and the counts are expected values.
/// </summary>
/// <param name="Tp">Flagged and positive.</param>
/// <param name="Fp">Flagged, not positive.</param>
/// <param name="Fn">Not flagged, positive.</param>
/// <param name="Tn">Not flagged, not positive.</param>
public sealed record Confusion(double Tp, double Fp, double Fn, double Tn);
