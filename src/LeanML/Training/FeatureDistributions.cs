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
    public static FeatureDistribution Of(FeatureSpec spec, float[] column, ReadOnlySpan<int> rows)
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

        var values = new float[rows.Length];
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

        // Each decile edge is the k-th smallest value (k = floor(q n / 10)), found by selection rather than a sort:
        // selecting one leaves every value after it no smaller, so the next edge is searched for there.
        var data = values.AsSpan(0, n);
        var edges = new List<double>();
        var from = 0;
        for (var q = 1; q < Bins && n > 0; q++)
        {
            var k = (int)Math.Min(n - 1, Math.Floor(q * n / (double)Bins));
            Select(data, from, n - 1, k);
            from = k;
            double edge = data[k];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        // Bin i holds values in [edges[i-1], edges[i]); the first bin everything below edges[0], the last everything
        // from edges[^1]: a value's bin is the number of edges at or below it.
        var binCounts = new long[edges.Count + 1];
        var bounds = edges.ToArray();
        foreach (var v in data)
        {
            var bin = 0;
            while (bin < bounds.Length && v >= bounds[bin])
            {
                bin++;
            }

            binCounts[bin]++;
        }

        return new FeatureDistribution(edges, binCounts, missing);
    }

    // Moves the k-th smallest of values[lo..hi] to index k, no larger values before it and no smaller after it
    // (Hoare's selection, median-of-three pivot; runs of equal values split evenly, so duplicates stay linear).
    private static void Select(Span<float> values, int lo, int hi, int k)
    {
        while (hi > lo)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }

            var pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;   // between the two parts: values[k] equals the pivot
            }
        }
    }
}
