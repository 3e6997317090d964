namespace LeanML.Evaluation;

/// <summary>Money (or any value) per outcome of acting on a prediction: the brief's <c>value: {tp, fp, fn, tn}</c>; missing ones are 0.</summary>
/// <param name="Tp">Value of a flagged positive.</param>
/// <param name="Fp">Value of a flagged negative.</param>
/// <param name="Fn">Value of a missed positive.</param>
/// <param name="Tn">Value of an unflagged negative.</param>
public sealed record DecisionValue(double Tp, double Fp, double Fn, double Tn)
{
    /// <summary>The expected value of a confusion matrix.</summary>
    public double Of(Confusion c) => (c.Tp * Tp) + (c.Fp * Fp) + (c.Fn * Fn) + (c.Tn * Tn);
}
