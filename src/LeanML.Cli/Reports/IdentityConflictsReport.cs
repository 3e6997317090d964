using LeanML.Sources.Identity;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml identity conflicts --json</c>: e-mails whose records name different people or companies.</summary>
/// <param name="Conflicts">Each e-mail in conflict with its records.</param>
/// <param name="Count">How many e-mails are in conflict.</param>
internal sealed record IdentityConflictsReport(IReadOnlyList<IdentityConflict> Conflicts, int Count);
