using LeanML.Ingestion;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml tables --json</c>.</summary>
internal sealed record TablesReport(IReadOnlyList<TableSummary> Tables);
