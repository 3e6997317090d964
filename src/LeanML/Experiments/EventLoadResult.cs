namespace LeanML.Experiments;

/// <summary>What a load of events did: stored, already present (ignored), rejected with reasons.</summary>
/// <param name="Received">Events received.</param>
/// <param name="Accepted">New events stored.</param>
/// <param name="Duplicates">Events whose id was already stored (or repeated in the same load): counted, not stored again.</param>
/// <param name="Rejected">Malformed events, with index and reason; the good ones were stored regardless.</param>
public sealed record EventLoadResult(int Received, int Accepted, int Duplicates, IReadOnlyList<EventRejection> Rejected);
