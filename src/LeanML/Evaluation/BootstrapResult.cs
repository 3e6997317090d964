namespace LeanML.Evaluation;

/// <summary>The resampled values of every metric of every set: <c>Values[set][metric][resample]</c>.</summary>
/// <param name="Sets">The sets resampled, in the order given.</param>
/// <param name="Values">The metric values of each resample.</param>
public sealed record BootstrapResult(IReadOnlyList<IWeightedMetrics> Sets, double[][][] Values)
{
    /// <summary>The number of resamples.</summary>
    public int Resamples => Values.Length == 0 || Values[0].Length == 0 ? 0 : Values[0][0].Length;

    /// <summary>The values of one metric of one set across the resamples (null when the set has no such metric).</summary>
    public double[]? Of(int set, string metric)
    {
        var index = Sets[set].Names.ToList().IndexOf(metric);
        return index < 0 ? null : Values[set][index];
    }

    /// <summary>The 95% percentile interval of one metric of one set.</summary>
    public MetricInterval Interval(int set, string metric) => Of(set, metric) is { } v ? Bootstrap.Percentile(v) : MetricInterval.None;

    /// <summary>
    /// The 95% interval of a paired difference: <paramref name="first"/>'s metric minus <paramref name="second"/>'s on
    /// the same resamples (both sets scored the same rows), flipped when lower is better, so positive favours the first.
    /// </summary>
    public MetricInterval PairedDifference(int first, int second, string metric, bool lowerIsBetter)
    {
        if (Of(first, metric) is not { } a || Of(second, metric) is not { } b)
        {
            return MetricInterval.None;
        }

        var d = new double[a.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = lowerIsBetter ? b[i] - a[i] : a[i] - b[i];
        }

        return Bootstrap.Percentile(d);
    }
}
