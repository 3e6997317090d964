namespace LeanML.Monitoring;

/// <summary>The interval formulas live performance, CBPE and the mistake segments use, each named in their reports.</summary>
public static class PerformanceStatistics
{
    /// <summary>The standard normal quantile of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval of a proportion <paramref name="k"/>/<paramref name="n"/> at 95% (Wilson 1927; as
    /// statsmodels' proportion_confint(method="wilson")).
    /// </summary>
    public static (double Low, double High) Wilson(long k, long n)
    {
        if (n <= 0)
        {
            return (double.NaN, double.NaN);
        }

        var p = (double)k / n;
        var z2 = Z95 * Z95;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// 95% interval of an AUC from its Hanley–McNeil (1982) standard error, with <paramref name="positives"/> and
    /// <paramref name="negatives"/> labelled rows; clipped to [0, 1].
    /// </summary>
    public static (double Low, double High) HanleyMcNeil(double auc, long positives, long negatives)
    {
        if (positives <= 0 || negatives <= 0 || double.IsNaN(auc))
        {
            return (double.NaN, double.NaN);
        }

        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var variance = ((auc * (1 - auc)) + ((positives - 1) * (q1 - (auc * auc))) + ((negatives - 1) * (q2 - (auc * auc)))) / ((double)positives * negatives);
        var half = Z95 * Math.Sqrt(Math.Max(0, variance));
        return (Math.Max(0, auc - half), Math.Min(1, auc + half));
    }

    /// <summary>Area under the ROC curve of 0/1 <paramref name="labels"/> (Mann–Whitney, average ranks for ties); NaN without both classes.</summary>
    public static double Auc(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        return Auc(labels, keys, order);
    }

    /// <summary>AUC with <paramref name="sortedScores"/> ascending and <paramref name="order"/> the row of each.</summary>
    internal static double Auc(ReadOnlySpan<bool> labels, ReadOnlySpan<double> sortedScores, ReadOnlySpan<int> order)
    {
        var n = order.Length;
        double positiveRankSum = 0;
        long positives = 0;
        var i = 0;
        while (i < n)
        {
            var j = i;
            while (j + 1 < n && sortedScores[j + 1].Equals(sortedScores[i]))
            {
                j++;
            }

            var averageRank = (i + j + 2) / 2.0;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        var negatives = n - positives;
        return positives == 0 || negatives == 0
            ? double.NaN
            : (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>The <paramref name="q"/> quantile (0–1) of sorted values, linear between order statistics (numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
