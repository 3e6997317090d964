using System.CommandLine;

namespace LeanML.Cli.Commands;

/// <summary>Every verb of the CLI, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return InitCommand.Create();
        yield return DemoCommand.Create();
        yield return StatusCommand.Create();
        yield return MigrateWarehouseCommand.Create();
        yield return IngestCommand.Create();
        yield return QuarantineCommand.Create();
        yield return TablesCommand.Create();
        yield return DescribeCommand.Create();
        yield return SqlCommand.Create();
        yield return ExportCommand.Create();
        yield return TrainCommand.Create();
        yield return RunsCommand.Create();
        yield return ShowCommand.Create();
        yield return CompareCommand.Create();
        yield return RerunCommand.Create();
        yield return PromoteCommand.Create();
        yield return ScoreCommand.Create();
        yield return ServeCommand.Create();
        yield return TokenCommand.Create();
        yield return ExperimentCommand.Create();
        yield return ExplainCommand.Create();
        yield return MonitorCommand.Create();
        yield return OutcomesCommand.Create();
        yield return MistakesCommand.Create();
        yield return AlertsCommand.Create();
        yield return BuildCommand.Create();
        yield return TestCommand.Create();
        yield return IdentityCommand.Create();
        yield return ReportCommand.Create();
        yield return SearchCommand.Create();
        yield return MetricCommand.Create();
        yield return ProjectsCommand.Create();
        yield return ProjectCommand.Create();
        yield return UpdateCommand.Create();
        yield return DigestCommand.Create();
    }
}
