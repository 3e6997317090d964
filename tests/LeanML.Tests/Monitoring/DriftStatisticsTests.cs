using LeanML.Monitoring;

namespace LeanML.Tests.Monitoring;

/// <summary>Each drift statistic on fixed raw data against /usr/bin/python3 (scipy 1.10.1, numpy), the call beside each golden value.</summary>
public sealed class DriftStatisticsTests
{
    private static readonly double[] A = [3.1, 2.4, 5.6, 4.4, 3.9, 2.8, 4.1, 3.3, 4.9, 2.2, 3.8, 4.0];
    private static readonly double[] B = [5.2, 6.1, 4.8, 7.3, 5.9, 6.6, 5.0, 4.9, 6.2, 7.0, 3.9, 4.4, 5.5];

    [Fact]
    public void Kolmogorov_smirnov_statistic_and_p_value_match_scipy()
    {
        var d = DriftStatistics.KolmogorovSmirnov(A, B);
        Assert.Equal(0.6794871794871795, d, 12);      // scipy.stats.ks_2samp(a, b).statistic
        // The monitor's p-value is Kolmogorov's limiting distribution at sqrt(nm/(n+m))·D (its n are large):
        Assert.Equal(0.0062893086140369545, DriftStatistics.KolmogorovSmirnovPValue(d, A.Length, B.Length), 12); // scipy.stats.kstwobign.sf(D*sqrt(13*12/25))
        Assert.Equal(0.9639452436648751, DriftStatistics.KolmogorovTail(0.5), 12);      // scipy.stats.kstwobign.sf(0.5)
        Assert.Equal(0.3927307079406543, DriftStatistics.KolmogorovTail(0.9), 12);      // scipy.stats.kstwobign.sf(0.9)
        Assert.Equal(0.11224966667072497, DriftStatistics.KolmogorovTail(1.2), 12);     // scipy.stats.kstwobign.sf(1.2)
        Assert.Equal(7.453306344157342e-06, DriftStatistics.KolmogorovTail(2.5), tolerance: 7.45e-18);   // scipy.stats.kstwobign.sf(2.5)
    }

    [Fact]
    public void Wasserstein_distance_matches_scipy() =>
        Assert.Equal(1.891666666666667, DriftStatistics.Wasserstein(A, B), 12);         // scipy.stats.wasserstein_distance(a, b)

    [Fact]
    public void Chi_square_goodness_of_fit_matches_scipy()
    {
        var (chi, p) = DriftStatistics.ChiSquare([18, 22, 30, 14, 16], [20, 20, 25, 20, 15]);
        Assert.Equal(3.266666666666667, chi, 12);     // scipy.stats.chisquare([18,22,30,14,16], [20,20,25,20,15]).statistic
        Assert.Equal(0.5142309154673057, p, 12);      // same call, .pvalue
    }

    [Fact]
    public void Chi_square_homogeneity_matches_scipy_contingency()
    {
        var (chi, p, df) = DriftStatistics.ChiSquareHomogeneity([120, 340, 95, 45], [60, 130, 70, 40]);
        Assert.Equal(20.150756627602686, chi, 10);    // scipy.stats.chi2_contingency([[120,340,95,45],[60,130,70,40]], correction=False)[0]
        Assert.Equal(0.00015795830211200572, p, 14);  // same call, [1]
        Assert.Equal(3, df);                          // same call, [2]
        Assert.Equal(2.781632018740826e-85, DriftStatistics.ChiSquareTail(400, 4), tolerance: 2.8e-95); // scipy.stats.chi2.sf(400, 4): exact in the far tail
    }

    [Fact]
    public void Jensen_shannon_distance_base_2_matches_scipy()
    {
        Assert.Equal(0.2005033225314282, DriftStatistics.JensenShannon([10, 20, 30, 40], [25, 25, 25, 25]), 12); // jensenshannon([10,20,30,40],[25,25,25,25], base=2)
        Assert.Equal(1.0, DriftStatistics.JensenShannon([1, 0, 0], [0, 1, 0]), 12);                            // jensenshannon([1,0,0],[0,1,0], base=2)
    }

    [Fact]
    public void Psi_floors_empty_bins_at_one_in_ten_thousand()
    {
        // numpy: r=[10,20,30,40]/100, l=[0,25,30,45]/100, both floored at 1e-4; sum((l-r)*log(l/r))
        Assert.Equal(0.7071310817188451, DriftStatistics.Psi([10, 20, 30, 40], [0, 25, 30, 45]), 12);
        Assert.Equal(0, DriftStatistics.Psi([10, 20, 30, 40], [1, 2, 3, 4]), 12);
    }

    [Fact]
    public void Numeric_profile_has_numpys_lower_quantiles_and_exact_moments()
    {
        float[] x = [3.1f, 2.4f, 5.6f, 4.4f, 3.9f, 2.8f, 4.1f, 3.3f, 4.9f, 2.2f, 3.8f, 4.0f, 5.2f, 6.1f, 4.8f, 7.3f, 5.9f, 6.6f, 5.0f, 4.9f, 6.2f, 7.0f, 3.9f, 4.4f, 5.5f, float.NaN];
        var p = ColumnProfiles.Numeric("x", x);
        Assert.Equal(25, p.Count);
        Assert.Equal(1, p.Nulls);
        Assert.Equal(101, p.Quantiles.Count);
        // numpy.quantile(x.astype(float32), [0, .01, .1, .37, .5, .9, 1], method='lower')
        Assert.Equal(2.200000047683716, p.Quantiles[0], 12);
        Assert.Equal(2.200000047683716, p.Quantiles[1], 12);
        Assert.Equal(2.799999952316284, p.Quantiles[10], 12);
        Assert.Equal(4.0, p.Quantiles[37], 12);
        Assert.Equal(4.800000190734863, p.Quantiles[50], 12);
        Assert.Equal(6.199999809265137, p.Quantiles[90], 12);
        Assert.Equal(7.300000190734863, p.Quantiles[100], 12);
        Assert.Equal(4.692000007629394, p.Mean!.Value, 12);   // x.astype(float64).mean()
        Assert.Equal(1.3841122229550344, p.Std!.Value, 12);   // x.astype(float64).std(ddof=1)
        Assert.Equal(25, p.BinCounts.Sum());
        Assert.Equal(p.Cuts.Count + 1, p.BinCounts.Count);
    }

    [Fact]
    public void Category_profile_keeps_the_top_fifty_and_other()
    {
        var names = Enumerable.Range(0, 60).Select(i => $"c{i:00}").ToList();
        // Category i appears 60 − i times, so c00..c49 are the top fifty and c50..c59 (55 rows) are "other".
        var codes = Enumerable.Range(0, 60).SelectMany(i => Enumerable.Repeat((float)i, 60 - i)).Append(float.NaN).ToArray();
        var p = ColumnProfiles.Categorical("plan", codes, names);
        Assert.Equal(50, p.Categories.Count);
        Assert.Equal("c00", p.Categories[0]);
        Assert.Equal(60, p.BinCounts[0]);
        Assert.Equal(10 + 9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1, p.BinCounts[^1]);
        Assert.Equal(1, p.Nulls);
    }

    [Fact]
    public void Sketch_statistics_agree_with_the_raw_ones_on_a_large_sample()
    {
        // On 20,000 reference values and 5,000 live ones shifted by 0.3σ, the KS gap at the percentile cuts and the
        // Wasserstein distance from the bins come within the sketch's resolution of the raw statistics.
        var random = new Random(7);
        var reference = Enumerable.Range(0, 20_000).Select(_ => (float)Gaussian(random)).ToArray();
        var live = Enumerable.Range(0, 5_000).Select(_ => (float)(0.3 + Gaussian(random))).ToArray();
        var profile = ColumnProfiles.Numeric("x", reference);
        var column = new LiveColumn(profile);
        foreach (var v in live)
        {
            column.Add(v);
        }

        var drift = DriftComparison.Compare(column, MonitorThresholds.Default, ColumnDrift.FeatureRole, 1);
        var rawD = DriftStatistics.KolmogorovSmirnov(reference.Select(v => (double)v).ToArray(), live.Select(v => (double)v).ToArray());
        var rawW = DriftStatistics.Wasserstein(reference.Select(v => (double)v).ToArray(), live.Select(v => (double)v).ToArray());
        Assert.InRange(drift.Statistic!.Value, rawD - 0.01, rawD);   // measured only at the cuts: never above the exact gap
        Assert.InRange(drift.WassersteinSigma!.Value * profile.Std!.Value, rawW * 0.97, rawW * 1.03);
        Assert.Equal(DriftVerdicts.Drift, drift.Verdict);
    }

    [Fact]
    public void Live_values_fall_in_the_bins_training_counted_them_in()
    {
        // The reference's own values counted live land in exactly the bins the profile counted them in at training (a
        // walk over the sorted values, another code path), ties on the cuts included: whole numbers 0..19 with uneven
        // counts (many values equal to a cut) and a continuous column.
        var random = new Random(11);
        var ties = Enumerable.Range(0, 5_000).Select(_ => (float)Math.Min(19, (int)(-Math.Log(1 - random.NextDouble()) * 4))).ToArray();
        var smooth = Enumerable.Range(0, 5_000).Select(_ => (float)Gaussian(random)).ToArray();
        foreach (var values in new[] { ties, smooth })
        {
            var profile = ColumnProfiles.Numeric("x", values);
            var column = new LiveColumn(profile);
            foreach (var v in values)
            {
                column.Add(v);
            }

            Assert.Equal(profile.BinCounts, column.Bins);
        }

        // Beside and on every cut, beyond both ends, and with no cuts at all: the count of cuts at or below, by a scan.
        double[] cuts = [-1.5, 0, 0.25, 2, 7];
        foreach (var v in cuts.SelectMany(c => new[] { c, Math.BitDecrement(c), Math.BitIncrement(c) }).Concat([-1e30, 1e30]))
        {
            Assert.Equal(cuts.Count(c => c <= v), LiveColumn.CutsAtOrBelow(cuts, v));
            Assert.Equal(cuts[..3].Count(c => c <= v), LiveColumn.CutsAtOrBelow(cuts.AsSpan(0, 3), v));
        }

        Assert.Equal(0, LiveColumn.CutsAtOrBelow([], 1));
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
