using LeanML.Ingestion;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml ingest --json</c>: each file's result and the totals.</summary>
internal sealed record IngestReport(IReadOnlyList<IngestResult> Files, long RowsRead, long RowsLoaded, long RowsQuarantined);
