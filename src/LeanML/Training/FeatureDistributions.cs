using LeanML.Features;

namespace LeanML.Training;

/// <summary>The training distribution of each feature (for drift monitoring): decile bin edges and counts, or category counts.</summary>
internal static class FeatureDistributions
{
    /// <summary>Number of quantile bins for numeric features.</summary>
    public const int Bins = 10;

    /// <summary>The distribution of one feature over the given rows.</summary>
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

        var values = new List<double>(rows.Count);
        foreach (var r in rows)
        {
            if (float.IsNaN(column[r]))
            {
                missing++;
            }
            else
            {
                values.Add(column[r]);
            }
        }

        values.Sort();
        var edges = new List<double>();
        for (var q = 1; q < Bins && values.Count > 0; q++)
        {
            var edge = values[(int)Math.Min(values.Count - 1, Math.Floor(q * values.Count / (double)Bins))];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        // Bin i holds values in [edges[i-1], edges[i]); the first bin everything below edges[0], the last everything from edges[^1].
        var binCounts = new long[edges.Count + 1];
        foreach (var v in values)
        {
            var i = edges.BinarySearch(v);
            binCounts[i >= 0 ? i + 1 : ~i]++;
        }

        return new FeatureDistribution(edges, binCounts, missing);
    }
}
