using LeanML.Runs;
using LeanML.Cli.Reports;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeanML.Experiments;
using LeanML.Ingestion;
using LeanML.Scoring;
using LeanML.Training;

namespace LeanML.Cli;

/// <summary>
/// Compile-time JSON metadata of every <c>--json</c> document (the CLI is compiled ahead of time, without reflection).
/// A report type missing here fails its command with "JsonTypeInfo metadata ... was not provided"; the CLI tests run
/// every command with --json.
/// </summary>
[JsonSerializable(typeof(TablesReport))]
[JsonSerializable(typeof(SqlReport))]
[JsonSerializable(typeof(QuarantineLoadsReport))]
[JsonSerializable(typeof(QuarantineRowsReport))]
[JsonSerializable(typeof(RunsReport))]
[JsonSerializable(typeof(ShowReport))]
[JsonSerializable(typeof(TokenCreatedReport))]
[JsonSerializable(typeof(TokenRow[]))]
[JsonSerializable(typeof(TokenRevokedReport))]
[JsonSerializable(typeof(IngestReport))]
[JsonSerializable(typeof(InitReport))]
[JsonSerializable(typeof(AssignReport))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(Commands.DemoCommand.DemoReport))]
[JsonSerializable(typeof(Commands.DemoCommand.PredictBody))]
[JsonSerializable(typeof(RunComparison))]
[JsonSerializable(typeof(TableProfile))]
[JsonSerializable(typeof(ExperimentSummary))]
[JsonSerializable(typeof(IReadOnlyList<ExperimentSummary>))]
[JsonSerializable(typeof(ExperimentAnalysis))]
[JsonSerializable(typeof(PowerPlan))]
[JsonSerializable(typeof(EventLoadResult))]
[JsonSerializable(typeof(Promotion))]
[JsonSerializable(typeof(RerunReport))]
[JsonSerializable(typeof(BatchScoreResult))]
[JsonSerializable(typeof(TrainingRunReport))]
[JsonSerializable(typeof(ExportResult))]
[JsonSerializable(typeof(LeanML.Storage.WarehouseMigrationReport))]
[JsonSerializable(typeof(LeanML.Explanations.ExplainResult))]
[JsonSerializable(typeof(LeanML.Monitoring.MonitorReport))]
[JsonSerializable(typeof(OutcomesReport))]
[JsonSerializable(typeof(AlertsReport))]
[JsonSerializable(typeof(LeanML.Monitoring.AlertCheckReport))]
[JsonSerializable(typeof(LeanML.Monitoring.MistakeReport))]
[JsonSerializable(typeof(LeanML.Transforms.BuildResult))]
[JsonSerializable(typeof(LeanML.Transforms.DataTestRun))]
[JsonSerializable(typeof(TestHistoryReport))]
[JsonSerializable(typeof(IdentityConflictsReport))]
[JsonSerializable(typeof(ReportCreatedReport))]
[JsonSerializable(typeof(ReportRenderReport))]
[JsonSerializable(typeof(LeanML.Reports.ReportCheck))]
[JsonSerializable(typeof(LeanML.Reports.SearchResult))]
[JsonSerializable(typeof(LeanML.Metrics.MetricValue))]
[JsonSerializable(typeof(ProjectsReport))]
[JsonSerializable(typeof(LeanML.Projects.StageChange))]
[JsonSerializable(typeof(LeanML.Projects.WeeklyUpdate))]
[JsonSerializable(typeof(LeanML.Digest.DigestResult))]
// The cells of 'sql' rows and 'describe' minima and maxima, written by their run-time type (WarehouseCatalog.Plain):
// long, double, decimal (a DECIMAL a double holds exactly, written with its scale), string, and bool from PostgreSQL.
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
