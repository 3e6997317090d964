namespace LeanML.Monitoring;

/// <summary>One known outcome: the row it is about, its true label (as text, as the outcome SQL gave it) and when it became known.</summary>
public sealed record OutcomeRecord(string RowId, string Label, DateTimeOffset Time);
