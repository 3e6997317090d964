namespace LeanML.Cli.Reports;

/// <summary><c>leanml token revoke --json</c>.</summary>
internal sealed record TokenRevokedReport(string Id, bool Revoked);
