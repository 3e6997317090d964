using System.CommandLine;
using System.Globalization;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml migrate-warehouse</c>: move a workspace's SQLite warehouse (the previous release's) into DuckDB.</summary>
internal static class MigrateWarehouseCommand
{
    public static Command Create()
    {
        var command = new Command("migrate-warehouse", """
            Move a workspace made by the previous release, whose one SQLite file (.leanml/warehouse.db) held
            everything, onto the two stores: tables and their metadata into DuckDB (.leanml/warehouse.duckdb, dates
            and timestamps typed), runs, tokens, experiments and logs into the state store (.leanml/state.db). Every
            table's row count is checked in both; the old file is kept as .leanml/warehouse.sqlite.bak, and a
            'provider: sqlite' line in leanml.yaml becomes 'provider: duckdb'. Nothing changes if any step fails.

            Examples:
              leanml migrate-warehouse
              leanml migrate-warehouse --workspace acme --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var report = await WarehouseMigration.MigrateAsync(workspace, line => output.Human.WriteLine("  " + line), ct).ConfigureAwait(false);
            output.Report(report, w =>
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"migrated {report.Tables.Count} tables ({report.Tables.Sum(t => t.Rows):N0} rows, counts checked) in {report.Seconds:0.0} s"));
                w.WriteLine($"warehouse  {report.Warehouse}");
                w.WriteLine($"state      {report.StateStore}");
                w.WriteLine($"backup     {report.Backup}");
                if (report.SettingsUpdated)
                {
                    w.WriteLine("leanml.yaml now says 'provider: duckdb'.");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
