namespace LeanML.Monitoring;

/// <summary>No calibration: the raw score (XGBoost's logistic output) is taken as the probability.</summary>
public sealed class RawScoreCalibration : IScoreCalibration
{
    /// <summary>The one instance.</summary>
    public static RawScoreCalibration Instance { get; } = new();

    /// <inheritdoc/>
    public double Probability(double score) => Math.Clamp(score, 0, 1);
}
