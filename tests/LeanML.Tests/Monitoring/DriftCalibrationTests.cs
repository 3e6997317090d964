using LeanML.Monitoring;

namespace LeanML.Tests.Monitoring;

/// <summary>
/// The calibration claims of issue 21 on seeded simulations (60 trials per cell; the benchmark runs more): a verdict
/// of drift needs significance and an effect above the floor, so more data never turns a negligible shift into drift.
/// </summary>
public sealed class DriftCalibrationTests
{
    private const int Trials = 60;
    private static readonly ColumnProfile Reference = DriftCalibration.NormalReference(100_000, seed: 21);

    [Theory]
    [InlineData(100)]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void Same_distribution_is_drift_in_at_most_five_percent(int n)
    {
        var r = DriftCalibration.Run(Reference, n, 0, Trials, MonitorThresholds.Default, seed: 1);
        Assert.True(r.DriftRate <= 0.05, $"n = {n}: {r.Drift} of {Trials} same-distribution samples judged drift");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void A_shift_of_two_hundredths_sigma_is_not_drift(int n)
    {
        var r = DriftCalibration.Run(Reference, n, 0.02, Trials, MonitorThresholds.Default, seed: 2);
        Assert.True(r.DriftRate <= 0.05, $"n = {n}: {r.Drift} of {Trials} samples shifted by 0.02σ judged drift");
    }

    [Fact]
    public void A_tiny_shift_in_many_rows_is_significant_but_negligible()
    {
        // 0.02σ in a million rows against a million-row reference: the KS test sees it (√(n/2)·D ≈ 5.6, p far below α)
        // but the effect is a fifth of the floor, so the verdict is negligible, never drift.
        var reference = DriftCalibration.NormalReference(1_000_000, seed: 8);
        var r = DriftCalibration.Run(reference, 1_000_000, 0.02, 10, MonitorThresholds.Default, seed: 3);
        Assert.Equal(0, r.Drift);
        Assert.Equal(10, r.Negligible);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(10_000)]
    public void A_shift_of_half_a_sigma_is_drift_from_five_hundred_rows(int n)
    {
        var r = DriftCalibration.Run(Reference, n, 0.5, Trials, MonitorThresholds.Default, seed: 4);
        Assert.True(r.DriftRate >= 0.95, $"n = {n}: only {r.Drift} of {Trials} samples shifted by 0.5σ judged drift");
    }

    [Fact]
    public void Below_min_n_is_not_enough_data()
    {
        var r = DriftCalibration.Run(Reference, 99, 0.5, 20, MonitorThresholds.Default, seed: 5);
        Assert.Equal(20, r.NotEnoughData);
        var custom = DriftCalibration.Run(Reference, 400, 0.5, 20, MonitorThresholds.Default with { MinN = 500 }, seed: 6);
        Assert.Equal(20, custom.NotEnoughData);
    }
}
