namespace LeanML.Ingestion;

/// <summary>One rejected record: where it was, why, and its raw text.</summary>
/// <param name="LoadId">The load that rejected it.</param>
/// <param name="File">The file it came from.</param>
/// <param name="Line">The 1-based line (record number for a JSON array).</param>
/// <param name="Reason">Why it could not be loaded.</param>
/// <param name="Raw">The record as written in the file (bytes that are not UTF-8 shown as U+FFFD).</param>
/// <param name="RawBytes">The record's bytes as the file held them, when they are not UTF-8.</param>
public sealed record QuarantineEntry(string LoadId, string File, long Line, string Reason, string Raw, byte[]? RawBytes = null);
