namespace LeanML.Monitoring;

/// <summary>
/// Simulates the monitor's verdicts on one numeric column: a normal reference profiled as training profiles it, and
/// live samples of a given size drawn from it with the mean shifted, each counted and judged as the monitor does.
/// The calibration claims (same distribution rarely drift at any n, a 0.02σ shift not drift, a 0.5σ shift drift from
/// n = 500) are checked on these by the tests and printed by the benchmark.
/// </summary>
public static class DriftCalibration
{
    /// <summary>The profile of <paramref name="n"/> standard normal values (seeded).</summary>
    public static ColumnProfile NormalReference(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (float)Normal(random);
        }

        return ColumnProfiles.Numeric("x", values);
    }

    /// <summary>Runs <paramref name="trials"/> live samples of <paramref name="n"/> values from N(shift, 1) against <paramref name="reference"/>.</summary>
    public static CalibrationResult Run(ColumnProfile reference, int n, double shift, int trials, MonitorThresholds thresholds, int seed)
    {
        var verdicts = new string[trials];
        Parallel.For(0, trials, t =>
        {
            // A fixed seed per trial (HashCode would differ per process).
            var random = new Random(unchecked((seed * 1_000_003) + (n * 31) + ((int)Math.Round(shift * 10_000) * 7919) + t));
            var live = new LiveColumn(reference);
            for (var i = 0; i < n; i++)
            {
                live.Add((float)(shift + Normal(random)));
            }

            verdicts[t] = DriftComparison.Compare(live, thresholds, ColumnDrift.FeatureRole, 1).Verdict;
        });
        return new CalibrationResult(n, shift, trials,
            verdicts.Count(v => v == DriftVerdicts.Drift), verdicts.Count(v => v == DriftVerdicts.Negligible),
            verdicts.Count(v => v == DriftVerdicts.NoDrift), verdicts.Count(v => v == DriftVerdicts.NotEnoughData));
    }

    // Box–Muller: one standard normal value from two uniforms.
    private static double Normal(Random random)
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
