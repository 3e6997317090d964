using LeanML.Serving;

namespace LeanML.Cli.Reports;

/// <summary>One token in <c>leanml token list --json</c>.</summary>
internal sealed record TokenRow(string Id, string Name, TokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
