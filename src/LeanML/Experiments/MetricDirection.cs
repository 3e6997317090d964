namespace LeanML.Experiments;

/// <summary>Which way a metric is better.</summary>
public enum MetricDirection
{
    /// <summary>Higher is better (the default): a drop is the bad direction.</summary>
    Increase,

    /// <summary>Lower is better (refunds, churn): a rise is the bad direction.</summary>
    Decrease,
}
