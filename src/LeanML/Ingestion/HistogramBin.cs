namespace LeanML.Ingestion;

/// <summary>One bin of a column's histogram: values in [Low, High) (the last bin includes High).</summary>
/// <param name="Low">The bin's lower edge.</param>
/// <param name="High">The bin's upper edge.</param>
/// <param name="Count">Non-NULL values in the bin.</param>
public sealed record HistogramBin(double Low, double High, long Count);
