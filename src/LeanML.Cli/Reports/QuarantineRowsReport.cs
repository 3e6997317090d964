using LeanML.Ingestion;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml quarantine LOAD --json</c>: the rows one load rejected.</summary>
internal sealed record QuarantineRowsReport(string LoadId, string File, string Table, IReadOnlyList<QuarantineEntry> Rows);
