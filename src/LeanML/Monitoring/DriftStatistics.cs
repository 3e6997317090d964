using MathNet.Numerics;

namespace LeanML.Monitoring;

/// <summary>
/// The drift statistics on raw samples and probability vectors, each as scipy computes it (the tests compare them with
/// <c>scipy.stats.ks_2samp</c>, <c>chisquare</c>, <c>chi2_contingency</c>, <c>wasserstein_distance</c> and
/// <c>scipy.spatial.distance.jensenshannon(base=2)</c>), plus the Kolmogorov tail the monitor's KS p-value uses.
/// </summary>
public static class DriftStatistics
{
    /// <summary>The smallest share a bin counts with in PSI, so an empty bin gives a large but finite term (Evidently's 0.0001).</summary>
    public const double PsiFloor = 1e-4;

    /// <summary>
    /// Population stability index Σ (live − ref) · ln(live / ref) over bins given as counts (each turned into shares,
    /// a share below <see cref="PsiFloor"/> counted as that floor).
    /// </summary>
    public static double Psi(ReadOnlySpan<double> reference, ReadOnlySpan<double> live)
    {
        if (reference.Length != live.Length)
        {
            throw new ArgumentException("the two histograms need the same bins", nameof(live));
        }

        double rt = Sum(reference), lt = Sum(live);
        if (rt <= 0 || lt <= 0)
        {
            return double.NaN;
        }

        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var r = Math.Max(reference[i] / rt, PsiFloor);
            var l = Math.Max(live[i] / lt, PsiFloor);
            psi += (l - r) * Math.Log(l / r);
        }

        return psi;
    }

    /// <summary>Jensen–Shannon distance in base 2 (the square root of the divergence; 0 same, 1 disjoint) of two histograms, each normalised.</summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException("the two histograms need the same bins", nameof(q));
        }

        double pt = Sum(p), qt = Sum(q);
        if (pt <= 0 || qt <= 0)
        {
            return double.NaN;
        }

        var divergence = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            double a = p[i] / pt, b = q[i] / qt, m = (a + b) / 2;
            if (a > 0)
            {
                divergence += a * Math.Log2(a / m) / 2;
            }

            if (b > 0)
            {
                divergence += b * Math.Log2(b / m) / 2;
            }
        }

        return Math.Sqrt(Math.Max(0, divergence));
    }

    /// <summary>The two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs (scipy's ks_2samp statistic).</summary>
    public static double KolmogorovSmirnov(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var x = a.ToArray();
        var y = b.ToArray();
        Array.Sort(x);
        Array.Sort(y);
        int i = 0, j = 0;
        var d = 0.0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v)
            {
                i++;
            }

            while (j < y.Length && y[j] <= v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        return d;
    }

    /// <summary>
    /// The two-sided p-value of a two-sample KS statistic <paramref name="d"/> from samples of <paramref name="n"/> and
    /// <paramref name="m"/>: Kolmogorov's limiting distribution at √(nm/(n+m))·d (scipy: <c>kstwobign.sf(d * sqrt(en))</c>).
    /// </summary>
    public static double KolmogorovSmirnovPValue(double d, double n, double m)
    {
        if (n <= 0 || m <= 0 || double.IsNaN(d))
        {
            return double.NaN;
        }

        return KolmogorovTail(Math.Sqrt(n * m / (n + m)) * d);
    }

    /// <summary>P(K &gt; x) of the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²x²), or 1 − (√(2π)/x) Σ e^(−(2k−1)²π²/(8x²)) for small x.</summary>
    public static double KolmogorovTail(double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (x < 1)
        {
            // The theta-function form converges fast where the alternating series does not.
            var sum = 0.0;
            for (var k = 1; k <= 20; k++)
            {
                var t = (2 * k) - 1;
                sum += Math.Exp(-t * t * Math.PI * Math.PI / (8 * x * x));
            }

            return Math.Clamp(1 - (Math.Sqrt(2 * Math.PI) / x * sum), 0, 1);
        }

        var tail = 0.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * x * x);
            tail += (k % 2 == 1 ? 2 : -2) * term;
            if (term < 1e-300)
            {
                break;
            }
        }

        return Math.Clamp(tail, 0, 1);
    }

    /// <summary>The 1-Wasserstein distance of two samples: the area between their empirical CDFs (scipy's wasserstein_distance).</summary>
    public static double Wasserstein(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var x = a.ToArray();
        var y = b.ToArray();
        Array.Sort(x);
        Array.Sort(y);
        var all = x.Concat(y).Order().ToArray();
        var area = 0.0;
        int i = 0, j = 0;
        for (var k = 0; k < all.Length - 1; k++)
        {
            while (i < x.Length && x[i] <= all[k])
            {
                i++;
            }

            while (j < y.Length && y[j] <= all[k])
            {
                j++;
            }

            area += Math.Abs(((double)i / x.Length) - ((double)j / y.Length)) * (all[k + 1] - all[k]);
        }

        return area;
    }

    /// <summary>Pearson's goodness-of-fit chi-square of observed counts against expected counts, and its p-value (scipy's chisquare).</summary>
    public static (double Statistic, double PValue) ChiSquare(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        var chi = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var d = observed[i] - expected[i];
            chi += d * d / expected[i];
        }

        return (chi, ChiSquareTail(chi, observed.Length - 1));
    }

    /// <summary>
    /// Pearson's chi-square test of homogeneity of two histograms (a 2 × k table, bins empty in both left out; scipy's
    /// chi2_contingency without continuity correction): both are samples, so a big live sample is not judged against
    /// the reference's own sampling noise as if it were the truth.
    /// </summary>
    public static (double Statistic, double PValue, int DegreesOfFreedom) ChiSquareHomogeneity(ReadOnlySpan<double> reference, ReadOnlySpan<double> live)
    {
        double rt = Sum(reference), lt = Sum(live), total = rt + lt;
        var chi = 0.0;
        var bins = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var column = reference[i] + live[i];
            if (column <= 0)
            {
                continue;
            }

            bins++;
            double er = column * rt / total, el = column * lt / total;
            chi += ((reference[i] - er) * (reference[i] - er) / er) + ((live[i] - el) * (live[i] - el) / el);
        }

        var df = bins - 1;
        return (chi, df <= 0 ? 1 : ChiSquareTail(chi, df), df);
    }

    /// <summary>P(χ²_df &gt; x), the regularised upper incomplete gamma Q(df/2, x/2) (exact in the far tail, where 1 − CDF is not).</summary>
    public static double ChiSquareTail(double x, int degreesOfFreedom) =>
        degreesOfFreedom <= 0 ? double.NaN : x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);

    private static double Sum(ReadOnlySpan<double> values)
    {
        var s = 0.0;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }
}
