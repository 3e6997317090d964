namespace LeanML.Cli.Reports;

/// <summary>One load that rejected rows.</summary>
internal sealed record QuarantineLoad(string LoadId, string File, string Table, long RowsQuarantined, long RowsRead, string Outcome, DateTimeOffset FinishedAt);
