namespace LeanML.Ingestion;

/// <summary>A value and how often it occurs.</summary>
public sealed record ValueCount(string Value, long Count);
