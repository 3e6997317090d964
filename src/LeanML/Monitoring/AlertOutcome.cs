namespace LeanML.Monitoring;

/// <summary>What a check did with one signal on one channel.</summary>
/// <param name="Project">The project.</param>
/// <param name="Kind">The signal.</param>
/// <param name="Channel">The channel, or null when the signal did not fire.</param>
/// <param name="Status">sent | failed | cooldown (sent within the cooldown already) | quiet (not past the threshold) | too few (below min_n).</param>
/// <param name="Sentence">The signal's sentence.</param>
/// <param name="Error">Why a channel failed, or null.</param>
public sealed record AlertOutcome(string Project, string Kind, string? Channel, string Status, string Sentence, string? Error);
