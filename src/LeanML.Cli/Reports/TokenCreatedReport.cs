using LeanML.Serving;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml token create --json</c>: the secret, shown once.</summary>
internal sealed record TokenCreatedReport(string Id, string Name, TokenScope Scope, string Token);
