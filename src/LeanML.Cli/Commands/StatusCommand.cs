using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Storage;
using LeanML.Storage.Migrations;
using LeanML.Workspace;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml status</c>: which workspace, which warehouse, which schema version.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", """
            Show the workspace in use, its warehouse and state store, and the metadata schema versions (applying pending migrations).

            Examples:
              leanml status
              leanml status --workspace acme --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var postgres = workspace.Settings.Warehouse.Provider == WarehouseProvider.Postgres;
            var applied = new SortedSet<int>();
            string warehouseEngine, stateEngine;
            await using (var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
            {
                applied.UnionWith(await MigrationRunner.AppliedAsync(warehouse, null, ct).ConfigureAwait(false));
                warehouseEngine = warehouse.Engine.Name;
            }

            await using (var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false))
            {
                applied.UnionWith(await MigrationRunner.AppliedAsync(state, null, ct).ConfigureAwait(false));
                stateEngine = state.Engine.Name;
            }

            var env = $"${workspace.Settings.Warehouse.ConnectionEnv}";
            var status = new StatusReport(
                workspace.Root,
                new WarehouseStatus(warehouseEngine, postgres ? env : workspace.WarehousePath),
                new WarehouseStatus(stateEngine, postgres ? env + " (schema leanml)" : workspace.StatePath),
                applied.ToArray());
            output.Report(status, w =>
            {
                w.WriteLine($"workspace  {status.Workspace}");
                w.WriteLine($"warehouse  {status.Warehouse.Provider} ({status.Warehouse.Location})");
                w.WriteLine($"state      {status.State.Provider} ({status.State.Location})");
                w.WriteLine($"schema     {string.Join(", ", status.SchemaVersions)}");
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
