namespace LeanML.Monitoring;

/// <summary>
/// Compares a <see cref="LiveColumn"/> with its reference on the reference's own grid and gives the verdict. Every
/// statistic uses exact counts: the reference's rows per percentile bin (saved at training) and the live rows per
/// the same bin. The KS statistic is the largest CDF gap at the 99 percentile cuts (never above the exact one: the
/// test can only be conservative), judged two-sample (n·m/(n+m)) since the reference is a sample too; Wasserstein
/// integrates |F_live − F_ref| with both CDFs linear inside a bin and the mass beyond the reference's range exact.
/// </summary>
public static class DriftComparison
{
    /// <summary>A p-value as shown to people: 0.042, 3.1e-7; one that underflowed to 0 as &lt;1e-300 (not "0e0").</summary>
    public static string FormatPValue(double p) =>
        p <= 0 ? "<1e-300" : p.ToString(p >= 0.001 ? "0.000" : "0.###e0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The comparison and verdict of one column; <paramref name="importance"/> weighs its rank.</summary>
    public static ColumnDrift Compare(LiveColumn live, MonitorThresholds thresholds, string role, double importance)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(thresholds);
        var reference = live.Reference;
        var rows = live.Count + live.Nulls;
        var missing = rows == 0 ? 0 : live.Nulls / (double)rows;
        var refRows = reference.Count + reference.Nulls;
        var refMissing = refRows == 0 ? 0 : reference.Nulls / (double)refRows;
        var refBins = reference.BinCounts.Select(c => (double)c).ToArray();
        var liveBins = live.Bins.Select(c => (double)c).ToArray();
        var enough = live.Count >= thresholds.MinN && reference.Count > 0;

        if (reference.IsCategory)
        {
            var (shareOf, refShare, liveShare) = MostMoved(reference, refBins, liveBins);
            if (!enough)
            {
                return new ColumnDrift(reference.Name, role, reference.Kind, live.Count, reference.Count, missing, refMissing, Rate(live.Unseen, live.Count), null, null, null, "chi-square", null, null, null,
                    DriftVerdicts.NotEnoughData, importance, 0, null, null, shareOf, refShare, liveShare);
            }

            var js = DriftStatistics.JensenShannon(refBins, liveBins);
            var psi = DriftStatistics.Psi(refBins, liveBins);
            var (chi, p, _) = DriftStatistics.ChiSquareHomogeneity(refBins, liveBins);
            var verdict = Verdict(p, js > thresholds.JensenShannon || psi > thresholds.Psi, thresholds);
            return new ColumnDrift(reference.Name, role, reference.Kind, live.Count, reference.Count, missing, refMissing, Rate(live.Unseen, live.Count), psi, null, js, "chi-square", chi, p, js,
                verdict, importance, importance * js, null, null, shareOf, refShare, liveShare);
        }

        var liveMean = live.Count > 0 ? live.Sum / live.Count : (double?)null;
        string? halfOf = reference.ShareAtLeastHalf is null ? null : "above 0.5";
        var liveHalf = reference.ShareAtLeastHalf is null || live.Count == 0 ? (double?)null : live.AtLeastHalf / (double)live.Count;
        if (!enough)
        {
            return new ColumnDrift(reference.Name, role, reference.Kind, live.Count, reference.Count, missing, refMissing, null, null, null, null, "ks", null, null, null,
                DriftVerdicts.NotEnoughData, importance, 0, reference.Mean, liveMean, halfOf, reference.ShareAtLeastHalf, liveHalf);
        }

        var d = KsOnGrid(refBins, liveBins);
        var pKs = DriftStatistics.KolmogorovSmirnovPValue(d, live.Count, reference.Count);
        var w = WassersteinOnGrid(reference, live);
        var sigma = reference.Std ?? 0;
        var wSigma = sigma > 0 ? w / sigma : w > 0 ? double.PositiveInfinity : 0;
        var decilePsi = DriftStatistics.Psi(Deciles(reference, refBins), Deciles(reference, liveBins));
        var v = Verdict(pKs, wSigma > thresholds.Wasserstein || decilePsi > thresholds.Psi, thresholds);
        return new ColumnDrift(reference.Name, role, reference.Kind, live.Count, reference.Count, missing, refMissing, null, decilePsi, wSigma, null, "ks", d, pKs, wSigma,
            v, importance, importance * Math.Min(wSigma, 1e6), reference.Mean, liveMean, halfOf, reference.ShareAtLeastHalf, liveHalf);
    }

    /// <summary>drift needs both significance and an effect above its floor; significance alone is negligible.</summary>
    private static string Verdict(double p, bool aboveFloor, MonitorThresholds t) =>
        !(p < t.Alpha) ? DriftVerdicts.NoDrift : aboveFloor ? DriftVerdicts.Drift : DriftVerdicts.Negligible;

    private static double? Rate(long part, long whole) => whole == 0 ? null : part / (double)whole;

    /// <summary>The largest gap between the two CDFs at the cuts (the top of every bin but the last).</summary>
    internal static double KsOnGrid(ReadOnlySpan<double> reference, ReadOnlySpan<double> live)
    {
        double rt = 0, lt = 0;
        foreach (var x in reference)
        {
            rt += x;
        }

        foreach (var x in live)
        {
            lt += x;
        }

        double fr = 0, fl = 0, d = 0;
        for (var i = 0; i < reference.Length - 1; i++)
        {
            fr += reference[i] / rt;
            fl += live[i] / lt;
            d = Math.Max(d, Math.Abs(fl - fr));
        }

        return d;
    }

    /// <summary>
    /// ∫ |F_live − F_ref| dx: on [min, max] of the reference both CDFs go linearly through the cuts (values spread
    /// evenly inside a bin), and the live mass beyond the range adds its exact distance to it.
    /// </summary>
    internal static double WassersteinOnGrid(ColumnProfile reference, LiveColumn live)
    {
        var cuts = reference.Cuts;
        var m = cuts.Count;
        var x = new double[m + 2];
        x[0] = reference.Min ?? 0;
        for (var i = 0; i < m; i++)
        {
            x[i + 1] = cuts[i];
        }

        x[m + 1] = reference.Max ?? 0;
        double n = live.Count, nr = reference.Count;
        double fr = 0, fl = live.Below / n;
        var area = 0.0;
        for (var k = 0; k <= m; k++)
        {
            // Bin k spans [x[k], x[k+1]); the live values outside the reference's range are not in it.
            var liveIn = live.Bins[k] - (k == 0 ? live.Below : 0) - (k == m ? live.Above : 0);
            var nfr = fr + (reference.BinCounts[k] / nr);
            var nfl = fl + (liveIn / n);
            area += AbsLinearIntegral(fl - fr, nfl - nfr, x[k + 1] - x[k]);
            fr = nfr;
            fl = nfl;
        }

        return area + ((live.BelowExcess + live.AboveExcess) / n);
    }

    // ∫_0^w |a + (b − a) t / w| dt: the two trapezoids either side of a sign change.
    private static double AbsLinearIntegral(double a, double b, double width)
    {
        if (width <= 0)
        {
            return 0;
        }

        if ((a >= 0 && b >= 0) || (a <= 0 && b <= 0))
        {
            return (Math.Abs(a) + Math.Abs(b)) / 2 * width;
        }

        var zero = Math.Abs(a) / (Math.Abs(a) + Math.Abs(b)) * width;
        return ((Math.Abs(a) * zero) + (Math.Abs(b) * (width - zero))) / 2;
    }

    /// <summary>The fine bins merged into decile bins (the decile cuts are among the cuts).</summary>
    internal static double[] Deciles(ColumnProfile reference, double[] bins)
    {
        var deciles = reference.Deciles;
        var merged = new double[deciles.Count + 1];
        var d = 0;
        for (var k = 0; k < bins.Length; k++)
        {
            // Bin k starts at cut k − 1 (bin 0 at −∞): its decile is the number of decile cuts at or below that start.
            if (k > 0)
            {
                while (d < deciles.Count && deciles[d] <= reference.Cuts[k - 1])
                {
                    d++;
                }
            }

            merged[d] += bins[k];
        }

        return merged;
    }

    // The category whose share moved most (for the alert sentence).
    private static (string? Category, double? Reference, double? Live) MostMoved(ColumnProfile reference, double[] refBins, double[] liveBins)
    {
        double rt = refBins.Sum(), lt = liveBins.Sum();
        if (rt <= 0 || lt <= 0)
        {
            return (null, null, null);
        }

        var best = -1;
        var gap = -1.0;
        for (var i = 0; i < refBins.Length; i++)
        {
            var g = Math.Abs((liveBins[i] / lt) - (refBins[i] / rt));
            if (g > gap)
            {
                gap = g;
                best = i;
            }
        }

        return (best < reference.Categories.Count ? reference.Categories[best] : "other", refBins[best] / rt, liveBins[best] / lt);
    }
}
