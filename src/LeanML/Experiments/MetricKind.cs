namespace LeanML.Experiments;

/// <summary>How a metric turns a unit's events into one number (DESIGN.md section 7).</summary>
public enum MetricKind
{
    /// <summary>Share of units with at least one event: 1 or 0 per unit.</summary>
    Proportion,

    /// <summary>Sum of the event's values per unit; units without events count as 0.</summary>
    Mean,

    /// <summary>Sum of one event's values over another's, per variant (delta method for its variance).</summary>
    Ratio,
}
