namespace LeanML.Cli.Reports;

/// <summary><c>leanml quarantine --json</c> without a load: the loads that rejected rows.</summary>
internal sealed record QuarantineLoadsReport(IReadOnlyList<QuarantineLoad> Loads);
