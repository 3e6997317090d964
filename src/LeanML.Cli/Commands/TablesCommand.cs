using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml tables</c>: the warehouse's tables with rows, columns and last load.</summary>
internal static class TablesCommand
{
    public static Command Create()
    {
        var command = new Command("tables", """
            List the warehouse's tables with their row and column counts and their last load.

            Examples:
              leanml tables
              leanml tables --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false);
            var tables = await WarehouseCatalog.ListTablesAsync(warehouse, ct).ConfigureAwait(false);
            output.Report(new TablesReport(tables), w =>
            {
                if (tables.Count == 0)
                {
                    w.WriteLine("No tables yet. Load some with 'leanml ingest data/'.");
                    return;
                }

                TextTable.Write(w, ["table", "rows", "columns", "last load", "from"], tables.Select(t => new object?[]
                {
                    t.Name, t.Rows, t.Columns, t.LastLoadAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    t.LastLoadFile is null ? null : Path.GetFileName(t.LastLoadFile),
                }));
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
