namespace LeanML.Sources.Identity;

/// <summary>One e-mail whose records disagree on who it is (different names or companies): listed, not merged silently.</summary>
/// <param name="Email">The normalised e-mail they share.</param>
/// <param name="PersonKey">Their person_key.</param>
/// <param name="Reason">What differs ("2 names: 'Ana Lopez', 'Anna Smith'").</param>
/// <param name="Records">The records sharing the e-mail.</param>
public sealed record IdentityConflict(string Email, string PersonKey, string Reason, IReadOnlyList<IdentityRecord> Records);
