using System.Runtime.CompilerServices;
using LeanML.Features;

namespace LeanML.Training;

/// <summary>The training distribution of each feature (for drift monitoring): decile bin edges and counts, or category counts.</summary>
internal static class FeatureDistributions
{
    /// <summary>Number of quantile bins for numeric features.</summary>
    public const int Bins = 10;

    /// <summary>The distribution of one feature over the given rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FeatureDistribution Of(FeatureSpec spec, float[] column, IReadOnlyList<int> rows)
    {
        long missing = 0;
        if (spec.Kind == FeatureKind.Category)
        {
            var counts = new long[spec.Categories!.Count];
            foreach (var r in rows)
            {
                var v = column[r];
                if (float.IsNaN(v))
                {
                    missing++;
                }
                else
                {
                    counts[(int)v]++;
                }
            }

            return new FeatureDistribution([], counts, missing);
        }

        var values = new float[rows.Count];
        var n = 0;
        foreach (var r in rows)
        {
            if (float.IsNaN(column[r]))
            {
                missing++;
            }
            else
            {
                values[n++] = column[r];
            }
        }

        var sorted = values.AsSpan(0, n);
        RadixSort.Sort(sorted);
        var edges = new List<double>();
        for (var q = 1; q < Bins && n > 0; q++)
        {
            double edge = sorted[(int)Math.Min(n - 1, Math.Floor(q * n / (double)Bins))];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        // Bin i holds values in [edges[i-1], edges[i]); the first bin everything below edges[0], the last everything
        // from edges[^1]. The values are sorted, so each bin is a run: its end is the first value at or above its edge.
        var binCounts = new long[edges.Count + 1];
        var start = 0;
        for (var i = 0; i < edges.Count; i++)
        {
            var end = start;
            while (end < n && sorted[end] < edges[i])
            {
                end++;
            }

            binCounts[i] = end - start;
            start = end;
        }

        binCounts[^1] = n - start;
        return new FeatureDistribution(edges, binCounts, missing);
    }
}
