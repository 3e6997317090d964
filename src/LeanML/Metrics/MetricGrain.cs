namespace LeanML.Metrics;

/// <summary>The time grains a metric can be cut by (each a <c>date_trunc</c> unit on DuckDB and PostgreSQL alike).</summary>
public static class MetricGrain
{
    /// <summary>Every grain LeanML knows, finest first.</summary>
    public static IReadOnlyList<string> All { get; } = ["day", "week", "month", "quarter", "year"];
}
