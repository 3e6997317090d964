using System.Runtime.CompilerServices;

namespace LeanML.Monitoring;

/// <summary>Builds <see cref="ColumnProfile"/>s from a column's values: the sketch of numbers, the top categories of text.</summary>
public static class ColumnProfiles
{
    /// <summary>Percentiles kept: 0 to 100.</summary>
    public const int Percentiles = 100;

    /// <summary>
    /// The profile of a numeric column (NaN = null): exact moments, the 101 percentiles, the distinct inner ones as cuts
    /// and the exact rows per bin; with <paramref name="shareAtLeastHalf"/>, the share of values at or above 0.5.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ColumnProfile Numeric(string name, ReadOnlySpan<float> values, bool shareAtLeastHalf = false)
    {
        var sorted = new float[values.Length];
        var n = 0;
        double sum = 0;
        foreach (var v in values)
        {
            if (!float.IsNaN(v))
            {
                sorted[n++] = v;
                sum += v;
            }
        }

        var nulls = values.Length - n;
        if (n == 0)
        {
            return new ColumnProfile(name, ColumnProfile.Number, 0, nulls, null, null, null, null, [], [], [0], [], [], shareAtLeastHalf ? 0 : null);
        }

        var data = sorted.AsSpan(0, n);
        data.Sort();
        var mean = sum / n;
        double squares = 0;
        foreach (var v in data)
        {
            squares += (v - mean) * (v - mean);
        }

        var quantiles = new double[Percentiles + 1];
        for (var q = 0; q <= Percentiles; q++)
        {
            quantiles[q] = data[(int)Math.Floor(q * (n - 1) / (double)Percentiles)];
        }

        var cuts = Distinct(quantiles.AsSpan(1, Percentiles - 1));
        var deciles = Distinct(Enumerable.Range(1, 9).Select(d => quantiles[d * 10]).ToArray());
        // Bin j holds the values with j cuts at or below them: walking the sorted values, the bin only grows.
        var counts = new long[cuts.Length + 1];
        var bin = 0;
        long atLeastHalf = 0;
        foreach (var v in data)
        {
            while (bin < cuts.Length && v >= cuts[bin])
            {
                bin++;
            }

            counts[bin]++;
            atLeastHalf += v >= 0.5f ? 1 : 0;
        }

        return new ColumnProfile(
            name, ColumnProfile.Number, n, nulls, data[0], data[^1], mean, n > 1 ? Math.Sqrt(squares / (n - 1)) : 0,
            quantiles, cuts, counts, deciles, [], shareAtLeastHalf ? atLeastHalf / (double)n : null);
    }

    /// <summary>The profile of a category column given as codes into <paramref name="names"/> (NaN = null): the 50 most frequent values, then "other".</summary>
    public static ColumnProfile Categorical(string name, ReadOnlySpan<float> codes, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var counts = new long[names.Count];
        long nulls = 0;
        foreach (var c in codes)
        {
            if (float.IsNaN(c) || c < 0 || c >= names.Count)
            {
                nulls++;
            }
            else
            {
                counts[(int)c]++;
            }
        }

        var top = Enumerable.Range(0, names.Count).Where(i => counts[i] > 0)
            .OrderByDescending(i => counts[i]).ThenBy(i => names[i], StringComparer.Ordinal)
            .Take(ColumnProfile.TopCategories).ToList();
        var kept = top.Sum(i => counts[i]);
        var total = codes.Length - nulls;
        return new ColumnProfile(
            name, ColumnProfile.Category, total, nulls, null, null, null, null, [], [],
            [.. top.Select(i => counts[i]), total - kept], [], [.. top.Select(i => names[i])]);
    }

    private static double[] Distinct(ReadOnlySpan<double> ascending)
    {
        var list = new List<double>(ascending.Length);
        foreach (var v in ascending)
        {
            if (list.Count == 0 || v > list[^1])
            {
                list.Add(v);
            }
        }

        return [.. list];
    }
}
