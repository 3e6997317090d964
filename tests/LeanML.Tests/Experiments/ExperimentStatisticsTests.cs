using LeanML.Experiments;

namespace LeanML.Tests.Experiments;

/// <summary>Every figure against values computed independently with /usr/bin/python3 (scipy 1.10.1, statsmodels 0.13.5).</summary>
public sealed class ExperimentStatisticsTests
{
    private static readonly double[] Control = [3.1, 2.4, 5.6, 4.4, 3.9, 2.8, 4.1];
    private static readonly double[] Treatment = [5.2, 6.1, 4.8, 7.3, 5.9, 6.6, 5.0, 4.9, 6.2, 7.0];

    internal static MomentSums Sums(IReadOnlyList<double> y, IReadOnlyList<double>? x = null)
    {
        x ??= new double[y.Count];
        return new MomentSums(y.Count, y.Sum(), y.Sum(v => v * v), x.Sum(), x.Sum(v => v * v), y.Select((v, i) => v * x[i]).Sum());
    }

    private static WelchComparison Welch(double[] control, double[] treatment, double alpha = 0.05)
    {
        var result = ExperimentStatistics.Welch(ExperimentStatistics.Moments(Sums(control)), ExperimentStatistics.Moments(Sums(treatment)), alpha, out var problem);
        Assert.Null(problem);
        return result!;
    }

    [Fact]
    public void Welch_on_unequal_variants_matches_scipy_and_statsmodels()
    {
        var w = Welch(Control, Treatment);
        Assert.Equal(4.276801447406714, w.T, 10);            // scipy.stats.ttest_ind(t, c, equal_var=False).statistic
        Assert.Equal(0.001212799133712351, w.PValue, 10);    // same call, .pvalue
        Assert.Equal(11.368099781086162, w.DegreesOfFreedom, 9); // statsmodels CompareMeans(...).ttest_ind(usevar='unequal')[2]
        Assert.Equal(1.044412162622812, w.LiftLow, 9);       // statsmodels CompareMeans(...).tconfint_diff(alpha=0.05, usevar='unequal')
        Assert.Equal(3.2413021230914754, w.LiftHigh, 9);
        Assert.Equal(0.5703422053231941, w.RelativeLift!.Value, 10);  // numpy: t.mean()/c.mean()-1
        Assert.Equal(0.15767445183229034, w.RelativeLow!.Value, 8);   // numpy delta method: rel ± t.ppf(0.975, df)·sqrt(vt/μc² + μt²vc/μc⁴)
        Assert.Equal(0.9830099588140979, w.RelativeHigh!.Value, 8);
    }

    [Fact]
    public void Confidence_interval_follows_alpha()
    {
        var w = Welch(Control, Treatment, alpha: 0.10);
        Assert.Equal(1.2457022210795228, w.LiftLow, 9);   // statsmodels tconfint_diff(alpha=0.10, usevar='unequal')
        Assert.Equal(3.0400120646347646, w.LiftHigh, 9);
    }

    [Fact]
    public void Tiny_samples_match_scipy()
    {
        var w = Welch([1, 2], [3, 5]);
        Assert.Equal(2.23606797749979, w.T, 10);           // scipy ttest_ind([3,5],[1,2],equal_var=False)
        Assert.Equal(0.19872738893452604, w.PValue, 9);
        Assert.Equal(1.4705882352941173, w.DegreesOfFreedom, 9);   // statsmodels CompareMeans df
        Assert.Equal(-4.41852283477682, w.LiftLow, 7);      // statsmodels tconfint_diff
        Assert.Equal(9.41852283477682, w.LiftHigh, 7);
    }

    [Fact]
    public void One_zero_variance_arm_still_tests()
    {
        var w = Welch([0, 0, 0, 0, 0], [1, 0, 1, 1, 0, 1]);
        Assert.Equal(3.162277660168379, w.T, 10);           // scipy ttest_ind([1,0,1,1,0,1],[0]*5,equal_var=False)
        Assert.Equal(0.025031015818452955, w.PValue, 10);
        Assert.Equal(5.0, w.DegreesOfFreedom, 10);          // statsmodels CompareMeans df
    }

    [Fact]
    public void Zero_variance_in_both_arms_gives_a_message_not_NaN()
    {
        // scipy returns t = inf, p = 0 here; LeanML says plainly that there is nothing to test.
        var result = ExperimentStatistics.Welch(ExperimentStatistics.Moments(Sums([1, 1, 1])), ExperimentStatistics.Moments(Sums([2, 2, 2])), 0.05, out var problem);
        Assert.Null(result);
        Assert.Contains("zero variance", problem, StringComparison.Ordinal);
        var same = ExperimentStatistics.Welch(ExperimentStatistics.Moments(Sums([1, 1, 1])), ExperimentStatistics.Moments(Sums([1, 1, 1])), 0.05, out var nothing);
        Assert.Null(same);
        Assert.Contains("nothing to test", nothing, StringComparison.Ordinal);
        ExperimentStatistics.Welch(ExperimentStatistics.Moments(Sums([1])), ExperimentStatistics.Moments(Sums([2, 3])), 0.05, out var few);
        Assert.Contains("at least 2 units", few, StringComparison.Ordinal);
    }

    [Fact]
    public void Ratio_metric_uses_the_delta_method()
    {
        // 60 units: den = 1 + (j*7 % 5), num = den*(10 + (j*13 % 17)/4) + (treated ? 2*den : 0), treated = odd j.
        var c = new List<(double Num, double Den)>();
        var t = new List<(double Num, double Den)>();
        for (var j = 0; j < 60; j++)
        {
            double den = 1 + (j * 7 % 5);
            var num = (den * (10 + ((j * 13 % 17) / 4.0))) + (j % 2 == 1 ? 2 * den : 0);
            (j % 2 == 1 ? t : c).Add((num, den));
        }

        var rc = ExperimentStatistics.Ratio(Sums(c.Select(u => u.Num).ToList(), c.Select(u => u.Den).ToList()));
        var rt = ExperimentStatistics.Ratio(Sums(t.Select(u => u.Num).ToList(), t.Select(u => u.Den).ToList()));
        Assert.Equal(11.883333333333333, rc.Mean, 10);           // numpy: num.sum()/den.sum()
        Assert.Equal(14.011111111111111, rt.Mean, 10);
        Assert.Equal(0.058204555129842815, rc.Variance / rc.Units, 10);   // numpy delta method: (vn/md² − 2c·mn/md³ + mn²vd/md⁴)/n
        Assert.Equal(0.06666619365214525, rt.Variance / rt.Units, 10);
        var w = ExperimentStatistics.Welch(rc, rt, 0.05, out _)!;
        Assert.Equal(57.73489015913726, w.DegreesOfFreedom, 7);   // Welch–Satterthwaite on those variances (numpy)
        Assert.Equal(1.2747443981132593e-07, w.PValue, 12);        // 2·scipy.stats.t.sf(|t|, df)
        Assert.Equal(1.4203605994692605, w.LiftLow, 8);             // lift ± scipy.stats.t.ppf(0.975, df)·se
        Assert.Equal(2.835194956086296, w.LiftHigh, 8);
        Assert.Equal(0.17905563347358577, w.RelativeLift!.Value, 10);
        Assert.Equal(0.1143381647425646, w.RelativeLow!.Value, 8);
        Assert.Equal(0.24377310220460696, w.RelativeHigh!.Value, 8);
    }

    [Fact]
    public void Cuped_with_a_known_covariate_matches_the_adjusted_t_test()
    {
        // 400 units: x = (i*37 % 101)/10, y = 2x + ((i*53 % 29) − 14)/10 + 0.8 for odd i (treated).
        var cy = new List<double>();
        var cx = new List<double>();
        var ty = new List<double>();
        var tx = new List<double>();
        for (var i = 0; i < 400; i++)
        {
            var x = (i * 37 % 101) / 10.0;
            var y = (2 * x) + (((i * 53 % 29) - 14) / 10.0) + (i % 2 == 1 ? 0.8 : 0);
            (i % 2 == 1 ? ty : cy).Add(y);
            (i % 2 == 1 ? tx : cx).Add(x);
        }

        var sc = Sums(cy, cx);
        var st = Sums(ty, tx);
        var theta = ExperimentStatistics.Theta(sc, st);
        Assert.Equal(1.9966880833056349, theta, 10);   // numpy: np.cov(y, x)[0,1] / np.var(x, ddof=1), pooled over both arms
        var pooled = (sc.X + st.X) / (sc.N + st.N);
        var ac = ExperimentStatistics.CupedAdjust(sc, theta, pooled);
        var at = ExperimentStatistics.CupedAdjust(st, theta, pooled);
        var w = ExperimentStatistics.Welch(ac, at, 0.05, out _)!;
        Assert.Equal(0.7928774590823089, w.Lift, 9);        // numpy: mean of y − θ(x − x̄) per arm, treated minus control
        Assert.Equal(9.454065210143776, w.T, 7);             // scipy ttest_ind(adj[tr], adj[~tr], equal_var=False)
        Assert.InRange(w.PValue, 2.8609e-19, 2.8610e-19);
        var raw = ExperimentStatistics.Welch(ExperimentStatistics.Moments(sc), ExperimentStatistics.Moments(st), 0.05, out _)!;
        Assert.Equal(0.22421114589805116, raw.PValue, 9);   // scipy ttest_ind(yt, yc, equal_var=False) without CUPED
        var reduction = 1 - (w.StandardError * w.StandardError / (raw.StandardError * raw.StandardError));
        Assert.Equal(0.9798389406643243, reduction, 9);      // 1 − se²(adjusted)/se²(raw), numpy
    }

    [Fact]
    public void Cuped_without_pre_period_data_does_nothing()
    {
        Assert.Equal(0, ExperimentStatistics.Theta(Sums([1, 2, 3]), Sums([2, 3, 4])));
    }

    [Fact]
    public void Sample_ratio_mismatch_matches_scipy_chisquare()
    {
        var srm = ExperimentStatistics.SampleRatio(["control", "model"], [5210, 4790], [0.5, 0.5]);
        Assert.Equal(17.64, srm.ChiSquare, 10);                 // scipy.stats.chisquare([5210,4790], f_exp=[5000,5000])
        Assert.Equal(2.6691498031812692e-05, srm.PValue, 12);
        Assert.True(srm.Checked);
        Assert.True(srm.Flagged);

        var three = ExperimentStatistics.SampleRatio(["a", "b", "c"], [3400, 3300, 3050], [0.4, 0.3, 0.3]);
        Assert.Equal(117.52136752136752, three.ChiSquare, 8);   // scipy chisquare([3400,3300,3050], f_exp=[.4,.3,.3]*9750), p = 3.0e-26
        Assert.True(three.PValue < 1e-12);

        var fine = ExperimentStatistics.SampleRatio(["a", "b"], [5020, 4980], [0.5, 0.5]);
        Assert.False(fine.Flagged);
        var few = ExperimentStatistics.SampleRatio(["a", "b"], [7, 1], [0.5, 0.5]);
        Assert.False(few.Checked);
        Assert.False(few.Flagged);
    }

    [Fact]
    public void Holm_matches_statsmodels()
    {
        Assert.Equal([0.03, 0.06, 0.06], ExperimentStatistics.Holm([0.01, 0.04, 0.03]).Select(p => Math.Round(p, 12)));           // multipletests(method='holm')
        Assert.Equal([0.06, 0.004, 0.5, 0.08], ExperimentStatistics.Holm([0.02, 0.001, 0.5, 0.04]).Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Power_matches_the_closed_form_and_statsmodels_normal_ind_power()
    {
        // Proportion 0.2 -> 0.22, equal split. Closed form with scipy: (norm.ppf(.975)+norm.ppf(.8))**2*(0.16+0.1716)/0.02**2 = 6506.7213.
        // statsmodels NormalIndPower().solve_power(0.02/sqrt((0.16+0.1716)/2), alpha=.05, power=.8, ratio=1) = 6506.7054: it also counts
        // the far tail's 1e-6 of power, so it agrees to within 0.02 units.
        var n = ExperimentStatistics.TotalUnitsForPower(0.02, 0.05, 0.8, 0.2 * 0.8, 0.22 * 0.78, 0.5, 0.5) / 2;
        Assert.Equal(6506.721299775394, n, 6);
        Assert.Equal(6506.70536223142, n, 0.02);
        // Mean, sd 10, mde 1, weights 0.3/0.7: closed form (scipy) 1121.26853 control units; NormalIndPower(0.1, ratio=0.7/0.3) = 1121.26579.
        var total = ExperimentStatistics.TotalUnitsForPower(1, 0.05, 0.8, 100, 100, 0.3, 0.7);
        Assert.Equal(1121.2685334784414, 0.3 * total, 6);
        Assert.Equal(1121.2657873070345, 0.3 * total, 0.01);
        // alpha 0.01, power 0.9: closed form (scipy) 12335.011963; NormalIndPower(es, alpha=.01, power=.9, ratio=1) = 12335.011961.
        Assert.Equal(12335.011963307032, ExperimentStatistics.TotalUnitsForPower(0.02, 0.01, 0.9, 0.16, 0.22 * 0.78, 0.5, 0.5) / 2, 5);
    }
}
