using LeanML.Examples;
using LeanML.Ingestion;
using LeanML.Serving;
using LeanML.Training;

namespace LeanML.Cli;

// The --json documents of the commands that have no library type of their own. Property names become snake_case keys.

/// <summary><c>leanml tables --json</c>.</summary>
internal sealed record TablesReport(IReadOnlyList<TableSummary> Tables);

/// <summary><c>leanml sql --json</c>: cells are long, double, string or null.</summary>
internal sealed record SqlReport(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowCount);

/// <summary><c>leanml quarantine --json</c> without a load: the loads that rejected rows.</summary>
internal sealed record QuarantineLoadsReport(IReadOnlyList<QuarantineLoad> Loads);

/// <summary>One load that rejected rows.</summary>
internal sealed record QuarantineLoad(string LoadId, string File, string Table, long RowsQuarantined, long RowsRead, string Outcome, DateTimeOffset FinishedAt);

/// <summary><c>leanml quarantine LOAD --json</c>: the rows one load rejected.</summary>
internal sealed record QuarantineRowsReport(string LoadId, string File, string Table, IReadOnlyList<QuarantineEntry> Rows);

/// <summary><c>leanml runs --json</c>.</summary>
internal sealed record RunsReport(IReadOnlyList<RunRow> Runs);

/// <summary>One run in <c>leanml runs</c>.</summary>
internal sealed record RunRow(string Id, string Project, DateTimeOffset CreatedAt, string Metric, double? ModelValue, double? BaselineValue, double? Lift, bool BarMet, string Verdict, bool Production);

/// <summary><c>leanml show RUN --json</c>.</summary>
internal sealed record ShowReport(TrainingRunReport Run, IReadOnlyList<ArtifactCheck> Artifacts, bool ArtifactsIntact, bool Production);

/// <summary><c>leanml token create --json</c>: the secret, shown once.</summary>
internal sealed record TokenCreatedReport(string Id, string Name, TokenScope Scope, string Token);

/// <summary>One token in <c>leanml token list --json</c>.</summary>
internal sealed record TokenRow(string Id, string Name, TokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary><c>leanml token revoke --json</c>.</summary>
internal sealed record TokenRevokedReport(string Id, bool Revoked);

/// <summary><c>leanml ingest --json</c>: each file's result and the totals.</summary>
internal sealed record IngestReport(IReadOnlyList<IngestResult> Files, long RowsRead, long RowsLoaded, long RowsQuarantined);

/// <summary><c>leanml init --json</c>.</summary>
internal sealed record InitReport(string Workspace, string Settings, string Warehouse, ExampleCompanyResult? Example);

/// <summary><c>leanml experiment assign --json</c>: each unit's variant, the count per variant and how many were new.</summary>
internal sealed record AssignReport(string Experiment, IReadOnlyList<LeanML.Experiments.Assignment> Assignments, IReadOnlyDictionary<string, int> Counts, int NewUnits);

/// <summary><c>leanml status --json</c>.</summary>
internal sealed record StatusReport(string Workspace, WarehouseStatus Warehouse, IReadOnlyList<int> SchemaVersions);

/// <summary>Where the warehouse is: its provider and its file or connection variable.</summary>
internal sealed record WarehouseStatus(string Provider, string Location);
