namespace LeanML.Experiments;

/// <summary>One metric of an experiment file.</summary>
/// <param name="Name">The metric's name (its key under <c>metrics:</c>).</param>
/// <param name="Kind">proportion, mean or ratio.</param>
/// <param name="Event">The event counted (proportion, mean).</param>
/// <param name="Numerator">The numerator event (ratio).</param>
/// <param name="Denominator">The denominator event (ratio).</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Margin">For a guardrail: how much worse (absolute) is still acceptable.</param>
/// <param name="Defined">The metric defined in <c>metrics/NAME.yaml</c> it reads instead of events (<c>{metric: NAME}</c>), or null.</param>
public sealed record ExperimentMetric(string Name, MetricKind Kind, string? Event, string? Numerator, string? Denominator, MetricDirection Direction, double? Margin, LeanML.Metrics.MetricDefinition? Defined = null)
{
    /// <summary>The event names this metric reads (none for a defined metric: it reads its warehouse table).</summary>
    public IEnumerable<string> Events => Defined is not null ? [] : Kind == MetricKind.Ratio ? [Numerator!, Denominator!] : [Event!];
}
