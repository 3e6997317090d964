using MathNet.Numerics.Distributions;

namespace LeanML.Experiments;

/// <summary>
/// The statistics of the analysis, following GrowthBook's frequentist engine (gbstats): per-variant moments from
/// sums, Welch's t-test with Welch–Satterthwaite degrees of freedom, delta-method relative lift and ratio
/// metrics, CUPED with a pooled theta, chi-square sample-ratio check, Holm–Bonferroni, and normal-approximation power.
/// Pure functions over a few numbers: the heavy lifting (sums over events) happens in SQL.
/// </summary>
public static class ExperimentStatistics
{
    /// <summary>Mean and sample variance of Y from its sums; the variance is 0 for fewer than 2 units.</summary>
    public static ArmEstimate Moments(MomentSums s)
    {
        if (s.N == 0)
        {
            return new ArmEstimate(0, 0, 0);
        }

        var mean = s.Y / s.N;
        var variance = s.N < 2 ? 0 : Math.Max(0, (s.YY - (s.Y * s.Y / s.N)) / (s.N - 1));
        return new ArmEstimate(s.N, mean, variance);
    }

    /// <summary>
    /// A ratio metric (sum Y over sum X) with the delta-method variance of the ratio of means:
    /// Var(Ȳ/X̄) ≈ (σ²_Y/μ²_X − 2 σ_XY μ_Y/μ³_X + μ²_Y σ²_X/μ⁴_X) / n. Returned per unit (times n) like the other kinds.
    /// </summary>
    public static ArmEstimate Ratio(MomentSums s)
    {
        if (s.N == 0 || s.X == 0)
        {
            return new ArmEstimate(s.N, 0, 0);
        }

        var n = (double)s.N;
        var mx = s.X / n;
        var my = s.Y / n;
        var vy = s.N < 2 ? 0 : (s.YY - (s.Y * s.Y / n)) / (n - 1);
        var vx = s.N < 2 ? 0 : (s.XX - (s.X * s.X / n)) / (n - 1);
        var cxy = s.N < 2 ? 0 : (s.XY - (s.X * s.Y / n)) / (n - 1);
        var variance = (vy / (mx * mx)) - (2 * cxy * my / (mx * mx * mx)) + (my * my * vx / (mx * mx * mx * mx));
        return new ArmEstimate(s.N, s.Y / s.X, Math.Max(0, variance));
    }

    /// <summary>
    /// CUPED's theta = Cov(Y, X) / Var(X), pooled over the two variants compared (gbstats <c>compute_theta</c>);
    /// 0 when X does not vary (no pre-period data: nothing to adjust with).
    /// </summary>
    public static double Theta(MomentSums control, MomentSums treatment)
    {
        var n = (double)(control.N + treatment.N);
        if (n < 2)
        {
            return 0;
        }

        var mx = (control.X + treatment.X) / n;
        var my = (control.Y + treatment.Y) / n;
        var vx = (control.XX + treatment.XX - (n * mx * mx)) / (n - 1);
        var cxy = (control.XY + treatment.XY - (n * mx * my)) / (n - 1);
        return vx > 1e-12 * Math.Max(1, Math.Abs(control.XX + treatment.XX) / n) ? cxy / vx : 0;
    }

    /// <summary>
    /// One variant's CUPED-adjusted estimate: the per-unit value Y − θ(X − x̄), x̄ the pooled pre-period mean,
    /// so its mean is ȳ − θ(x̄_arm − x̄) and its variance Var(Y) + θ²Var(X) − 2θCov(X, Y).
    /// </summary>
    public static ArmEstimate CupedAdjust(MomentSums s, double theta, double pooledXMean)
    {
        if (s.N == 0)
        {
            return new ArmEstimate(0, 0, 0);
        }

        var n = (double)s.N;
        var my = s.Y / n;
        var mx = s.X / n;
        var vy = s.N < 2 ? 0 : (s.YY - (s.Y * s.Y / n)) / (n - 1);
        var vx = s.N < 2 ? 0 : (s.XX - (s.X * s.X / n)) / (n - 1);
        var cxy = s.N < 2 ? 0 : (s.XY - (s.X * s.Y / n)) / (n - 1);
        var variance = vy + (theta * theta * vx) - (2 * theta * cxy);
        return new ArmEstimate(s.N, my - (theta * (mx - pooledXMean)), Math.Max(0, variance));
    }

    /// <summary>
    /// Welch's t-test of treatment against control (scipy's <c>ttest_ind(equal_var=False)</c>), with the confidence
    /// interval at 1 − alpha from Student's t, and the relative lift with its delta-method variance
    /// Var(μt/μc) ≈ σ²t/(nt μ²c) + μ²t σ²c/(nc μ⁴c). Null when the test is undefined; <paramref name="problem"/> says why.
    /// </summary>
    public static WelchComparison? Welch(ArmEstimate control, ArmEstimate treatment, double alpha, out string? problem)
    {
        problem = null;
        if (control.Units < 2 || treatment.Units < 2)
        {
            problem = "a test needs at least 2 units in each variant";
            return null;
        }

        var vc = control.Variance / control.Units;
        var vt = treatment.Variance / treatment.Units;
        var se2 = vc + vt;
        var lift = treatment.Mean - control.Mean;
        if (se2 <= 0 || !double.IsFinite(se2))
        {
            problem = lift == 0
                ? "every unit has the same value in both variants (zero variance): there is nothing to test"
                : "every unit has the same value within each variant (zero variance), so no p-value or interval can be computed; the difference is exact for these units only";
            return null;
        }

        var se = Math.Sqrt(se2);
        var df = (se2 * se2) / ((vc * vc / (control.Units - 1)) + (vt * vt / (treatment.Units - 1)));
        var t = lift / se;
        var p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        var q = StudentT.InvCDF(0, 1, df, 1 - (alpha / 2));
        double? relative = null, relLow = null, relHigh = null;
        if (control.Mean != 0)
        {
            var mc = control.Mean;
            relative = (treatment.Mean / mc) - 1;
            var relSe = Math.Sqrt((vt / (mc * mc)) + (treatment.Mean * treatment.Mean * vc / (mc * mc * mc * mc)));
            relLow = relative - (q * relSe);
            relHigh = relative + (q * relSe);
        }

        return new WelchComparison(lift, se, df, t, Math.Min(1, p), lift - (q * se), lift + (q * se), relative, relLow, relHigh);
    }

    /// <summary>One-sided Student-t quantile at 1 − alpha (for non-inferiority bounds).</summary>
    public static double OneSidedQuantile(double alpha, double degreesOfFreedom) => StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - alpha);

    /// <summary>Chi-square goodness of fit of the counts against the weights (scipy's <c>chisquare</c>), checked only with ≥ 8 units per variant.</summary>
    public static SrmCheck SampleRatio(IReadOnlyList<string> variants, IReadOnlyList<long> observed, IReadOnlyList<double> weights)
    {
        var total = observed.Sum();
        var weightSum = weights.Sum();
        var expected = weights.Select(w => total * w / weightSum).ToList();
        var chi = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            chi += expected[i] > 0 ? (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i] : 0;
        }

        var p = total == 0 ? 1 : 1 - ChiSquared.CDF(observed.Count - 1, chi);
        var check = observed.All(o => o >= SrmCheck.MinimumUnits);
        return new SrmCheck(
            variants.Select((v, i) => (v, observed[i])).ToDictionary(x => x.v, x => x.Item2, StringComparer.Ordinal),
            variants.Select((v, i) => (v, expected[i])).ToDictionary(x => x.v, x => x.Item2, StringComparer.Ordinal),
            chi, Math.Max(0, p), check, check && p < SrmCheck.Threshold);
    }

    /// <summary>Holm–Bonferroni adjusted p-values (step-down, monotone, capped at 1), in the input order.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }

        return adjusted;
    }

    /// <summary>
    /// Total units needed so a two-sided z-test at <paramref name="alpha"/> detects <paramref name="mde"/> with the given power,
    /// when the control gets share <paramref name="controlShare"/> with per-unit variance <paramref name="controlVariance"/>
    /// and the treatment share <paramref name="treatmentShare"/> with <paramref name="treatmentVariance"/>:
    /// N = (z₁₋α/₂ + z_power)² (σ²c/wc + σ²t/wt) / mde² (statsmodels NormalIndPower, one tail).
    /// </summary>
    public static double TotalUnitsForPower(double mde, double alpha, double power, double controlVariance, double treatmentVariance, double controlShare, double treatmentShare)
    {
        var z = Normal.InvCDF(0, 1, 1 - (alpha / 2)) + Normal.InvCDF(0, 1, power);
        return z * z * ((controlVariance / controlShare) + (treatmentVariance / treatmentShare)) / (mde * mde);
    }
}
