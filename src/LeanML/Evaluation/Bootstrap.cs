namespace LeanML.Evaluation;

/// <summary>
/// The stratified bootstrap of held-out rows (Efron and Tibshirani 1993, ch. 13, percentile interval): each resample
/// draws, within every stratum (a class; one stratum for regression), as many rows as the stratum has, with
/// replacement. A resample is a count per row, so sets ordered once are re-scored in one pass each ("sort once,
/// resample counts"); every set sees the same counts, which pairs them (model and rule on the same rows).
/// </summary>
public static class Bootstrap
{
    /// <summary>Resamples drawn by default.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>The interval's coverage.</summary>
    public const double Level = 0.95;

    /// <summary>Runs <paramref name="resamples"/> resamples of the rows grouped by <paramref name="strata"/> (one value per row) and evaluates every set on each.</summary>
    public static BootstrapResult Run(ReadOnlySpan<int> strata, IReadOnlyList<IWeightedMetrics> sets, int resamples = DefaultResamples, int seed = 0, int threads = 0) =>
        Run(Groups(strata), strata.Length, sets, resamples, seed, threads);

    /// <summary>
    /// As <see cref="Run(ReadOnlySpan{int}, IReadOnlyList{IWeightedMetrics}, int, int, int)"/> for sets built on the rows
    /// in another order: the sets' row j is row <paramref name="order"/>[j] of <paramref name="strata"/>. The resamples
    /// draw the same rows as without the order (only their numbering changes), so the results are the same; with the
    /// rows in ascending order of the model's score, the model's pass over a resample reads its counts in sequence
    /// instead of gathering them from all over memory.
    /// </summary>
    public static BootstrapResult RunInOrder(ReadOnlySpan<int> strata, IReadOnlyList<IWeightedMetrics> sets, ReadOnlySpan<int> order, int resamples = DefaultResamples, int seed = 0, int threads = 0)
    {
        if (order.Length != strata.Length)
        {
            throw new ArgumentException($"the order has {order.Length} rows, the strata {strata.Length}.", nameof(order));
        }

        var place = new int[order.Length];
        for (var j = 0; j < order.Length; j++)
        {
            place[order[j]] = j;
        }

        var groups = Groups(strata);
        foreach (var group in groups)
        {
            for (var i = 0; i < group.Length; i++)
            {
                group[i] = place[group[i]];
            }
        }

        return Run(groups, strata.Length, sets, resamples, seed, threads);
    }

    private static BootstrapResult Run(int[][] groups, int n, IReadOnlyList<IWeightedMetrics> sets, int resamples, int seed, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var values = sets.Select(s => s.Names.Select(_ => new double[resamples]).ToArray()).ToArray();
        var chunks = Math.Min(resamples, threads > 0 ? threads : Environment.ProcessorCount);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            var counts = new int[n];
            var row = new double[sets.Count == 0 ? 0 : sets.Max(s => s.Names.Count)];
            for (var b = c; b < resamples; b += chunks)
            {
                Counts(groups, seed, b, counts);
                for (var s = 0; s < sets.Count; s++)
                {
                    var span = row.AsSpan(0, sets[s].Names.Count);
                    sets[s].Evaluate(counts, span);
                    for (var m = 0; m < span.Length; m++)
                    {
                        values[s][m][b] = span[m];
                    }
                }
            }
        });
        return new BootstrapResult(sets, values);
    }

    /// <summary>
    /// The rows of resample <paramref name="resample"/> as a count per row: the same seed and resample number give the
    /// same counts on every machine (SplitMix64 draws, independent of thread scheduling).
    /// </summary>
    public static void Counts(int[][] groups, int seed, int resample, Span<int> counts)
    {
        counts.Clear();
        var state = Mix(((ulong)(uint)seed << 32) ^ (uint)resample);
        foreach (var group in groups)
        {
            var size = (ulong)group.Length;
            for (var i = 0; i < group.Length; i++)
            {
                state += 0x9E3779B97F4A7C15UL;
                // Lemire's multiply-high maps 64 random bits onto [0, size) (bias below 2^-32 for any test set).
                var pick = Math.BigMul(Mix(state), size, out _);
                counts[group[pick]]++;
            }
        }
    }

    /// <summary>The rows of each stratum (strata values need not be contiguous), in row order.</summary>
    public static int[][] Groups(ReadOnlySpan<int> strata)
    {
        var byStratum = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < strata.Length; i++)
        {
            if (!byStratum.TryGetValue(strata[i], out var list))
            {
                byStratum[strata[i]] = list = [];
            }

            list.Add(i);
        }

        return byStratum.Values.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>The 2.5th and 97.5th percentiles (numpy's default linear interpolation), ignoring NaN resamples.</summary>
    public static MetricInterval Percentile(ReadOnlySpan<double> values)
    {
        var finite = new List<double>(values.Length);
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                finite.Add(v);
            }
        }

        if (finite.Count == 0)
        {
            return MetricInterval.None;
        }

        finite.Sort();
        var tail = (1 - Level) / 2;
        return new MetricInterval(Quantile(finite, tail), Quantile(finite, 1 - tail));
    }

    // numpy.percentile(method="linear"): position q·(n−1), interpolated between its neighbours.
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    // SplitMix64's output function (Steele, Lea and Flood 2014).
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
