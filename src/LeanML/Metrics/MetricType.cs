namespace LeanML.Metrics;

/// <summary>How a defined metric aggregates its table (the <c>type:</c> of <c>metrics/NAME.yaml</c>).</summary>
public enum MetricType
{
    /// <summary>The number of rows (or of non-null values of <c>expression</c>).</summary>
    Count,

    /// <summary>The sum of <c>expression</c>.</summary>
    Sum,

    /// <summary>The mean of <c>expression</c> over rows.</summary>
    Mean,

    /// <summary>The sum of <c>numerator</c> over the sum of <c>denominator</c>.</summary>
    Ratio,

    /// <summary>The share of entities with at least one row where <c>expression</c> holds.</summary>
    Proportion,
}
