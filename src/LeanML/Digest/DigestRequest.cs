namespace LeanML.Digest;

/// <summary>What <c>leanml digest</c> was asked.</summary>
/// <param name="Window">How far back news is gathered (default 7 days).</param>
/// <param name="To">Only the subscriptions mailing these addresses; an address no subscription has gets every item.</param>
/// <param name="DryRun">Compose and show, send nothing, record nothing, write no feed.</param>
/// <param name="AtomFile">Where the Atom feed goes (default .leanml/digest.atom).</param>
public sealed record DigestRequest(TimeSpan Window, IReadOnlyList<string> To, bool DryRun, string? AtomFile = null);
