namespace LeanML.Monitoring;

/// <summary>How often each verdict came out in simulated trials of one sample size and shift.</summary>
/// <param name="N">Live values per trial.</param>
/// <param name="Shift">The live mean's shift, in reference standard deviations.</param>
/// <param name="Trials">Trials run.</param>
/// <param name="Drift">Trials judged drift.</param>
/// <param name="Negligible">Trials judged negligible.</param>
/// <param name="NoDrift">Trials judged no drift.</param>
/// <param name="NotEnoughData">Trials judged not enough data.</param>
public sealed record CalibrationResult(int N, double Shift, int Trials, int Drift, int Negligible, int NoDrift, int NotEnoughData)
{
    /// <summary>The share of trials judged drift.</summary>
    public double DriftRate => Trials == 0 ? 0 : Drift / (double)Trials;
}
