namespace LeanML.Experiments;

/// <summary>An event that was not stored, with where it was and why.</summary>
/// <param name="Index">0-based array index (HTTP) or 1-based line number (file).</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record EventRejection(int Index, string Reason);
