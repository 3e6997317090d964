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
            Show the workspace in use, its warehouse and state store, and the metadata schema versions (applying pending migrations).

            Examples:
              leanml status
              leanml status --workspace acme --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var applied = new SortedSet<int>();
            WarehouseStatus warehouseStatus, stateStatus;
            await using (var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
            {
                applied.UnionWith(await MigrationRunner.AppliedAsync(warehouse, null, ct).ConfigureAwait(false));
                warehouseStatus = Describe(warehouse);
            }

            await using (var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false))
            {
                applied.UnionWith(await MigrationRunner.AppliedAsync(state, null, ct).ConfigureAwait(false));
                stateStatus = Describe(state);
            }

            var status = new StatusReport(workspace.Root, warehouseStatus, stateStatus, applied.ToArray());
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

    // The engine and where it is: the file of an embedded store, the server and database of PostgreSQL.
    private static WarehouseStatus Describe(Database database)
    {
        var (source, name) = (database.Connection.DataSource, database.Connection.Database);
        return new(database.Engine.Name, string.IsNullOrEmpty(name) || name == "main" || name == source ? source : $"{source}/{name}");
    }
}
