using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml tables</c>: the warehouse's tables with rows, columns and last load, and its views.</summary>
internal static class TablesCommand
{
    public static Command Create()
    {
        var command = new Command("tables", """
            List the warehouse's tables with their row and column counts and their last load,
            then its views (transforms/*.sql builds views unless told otherwise) with their columns.

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

                // A view's rows are not counted (that would run its query); "from" is the file loaded or the transform.
                TextTable.Write(w, ["table", "kind", "rows", "columns", "last load", "from"], tables.Select(t => new object?[]
                {
                    t.Name, t.Kind, t.Rows, t.Columns, t.LastLoadAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    t.LastLoadFile is not null ? Path.GetFileName(t.LastLoadFile) : t.Transform is not null ? $"transforms/{t.Transform}.sql" : null,
                }));
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
