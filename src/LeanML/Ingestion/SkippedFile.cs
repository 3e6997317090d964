namespace LeanML.Ingestion;

/// <summary>An entry of a folder that ingest did not read, and why.</summary>
/// <param name="Path">The entry's absolute path.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedFile(string Path, string Reason);
