using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Storage;
using LeanML.Storage.Migrations;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml status</c>: which workspace, which warehouse, which schema version.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", """
            Show the workspace in use, its warehouse and the metadata schema version (applying pending migrations).

            Examples:
              leanml status
              leanml status --workspace acme --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false);
            var applied = await MigrationRunner.AppliedAsync(warehouse, null, ct).ConfigureAwait(false);
            var status = new StatusReport(
                workspace.Root,
                new WarehouseStatus(
                    workspace.Settings.Warehouse.Provider.ToString().ToLowerInvariant(),
                    warehouse.Dialect.IsSqlite ? workspace.SqlitePath : $"${workspace.Settings.Warehouse.ConnectionEnv}"),
                applied.Order().ToArray());
            output.Report(status, w =>
            {
                w.WriteLine($"workspace  {status.Workspace}");
                w.WriteLine($"warehouse  {status.Warehouse.Provider} ({status.Warehouse.Location})");
                w.WriteLine($"schema     {string.Join(", ", status.SchemaVersions)}");
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
