namespace LeanML.Evaluation;

/// <summary>A confidence interval: the 2.5th and 97.5th percentiles of a bootstrap distribution (NaN when undefined).</summary>
/// <param name="Low">The lower end.</param>
/// <param name="High">The upper end.</param>
public readonly record struct MetricInterval(double Low, double High)
{
    /// <summary>An interval with no value (a metric the set cannot have).</summary>
    public static MetricInterval None => new(double.NaN, double.NaN);
}
