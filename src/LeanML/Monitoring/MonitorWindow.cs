namespace LeanML.Monitoring;

/// <summary>One window of live data compared with the reference.</summary>
/// <param name="Start">Its start (UTC; null for a batch of rows).</param>
/// <param name="End">Its end, exclusive (UTC; null for a batch).</param>
/// <param name="Rows">Live rows in it.</param>
/// <param name="Prediction">The prediction's comparison.</param>
/// <param name="Features">Each feature's comparison, ranked by importance × effect (largest first).</param>
/// <param name="Drifted">The columns whose verdict is drift, in rank order (the prediction first).</param>
public sealed record MonitorWindow(
    DateTimeOffset? Start,
    DateTimeOffset? End,
    long Rows,
    ColumnDrift Prediction,
    IReadOnlyList<ColumnDrift> Features,
    IReadOnlyList<string> Drifted);
