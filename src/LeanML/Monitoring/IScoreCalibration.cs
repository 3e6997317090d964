namespace LeanML.Monitoring;

/// <summary>
/// The seam where a run's calibration map turns raw model scores into probabilities before CBPE uses them. Until a run
/// carries one, <see cref="RawScoreCalibration"/> takes XGBoost's logistic output as the probability.
/// </summary>
public interface IScoreCalibration
{
    /// <summary>The calibrated probability of the positive class for a raw score.</summary>
    double Probability(double score);
}
