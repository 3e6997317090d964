using LeanML.Cli.Reports;
using System.CommandLine;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml quarantine [LOAD]</c>: the rows loads set aside, with line numbers and reasons.</summary>
internal static class QuarantineCommand
{
    public static Command Create()
    {
        var load = new Argument<string?>("LOAD") { Description = "A load id (or a unique prefix); default: list the loads that quarantined rows", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("quarantine", """
            Show the rows a load rejected, with their line numbers, reasons and raw text. Without LOAD, list the loads
            that rejected rows.

            Examples:
              leanml quarantine
              leanml quarantine 01JD3K --json
            """)
        {
            load,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false);
            var log = new IngestLogStore(warehouse);
            var id = parse.GetValue(load);
            if (id is null)
            {
                var loads = (await log.ListAsync(null, null, ct).ConfigureAwait(false)).Where(l => l.RowsQuarantined > 0).ToList();
                var summary = loads.Select(l => new QuarantineLoad(l.LoadId, l.FilePath, l.Table, l.RowsQuarantined, l.RowsRead, l.Outcome, l.FinishedAt)).ToList();
                output.Report(new QuarantineLoadsReport(summary), w =>
                {
                    if (loads.Count == 0)
                    {
                        w.WriteLine("No load has quarantined rows.");
                        return;
                    }

                    TextTable.Write(w, ["load", "table", "file", "quarantined", "read", "outcome"], loads.Select(l => new object?[] { l.LoadId, l.Table, Path.GetFileName(l.FilePath), l.RowsQuarantined, l.RowsRead, l.Outcome }));
                    w.WriteLine("Show the rows of one load with 'leanml quarantine LOAD'.");
                });
                return ExitCodes.Success;
            }

            var entry = await log.FindAsync(id, ct).ConfigureAwait(false)
                ?? throw new LeanMLInputException($"no load '{id}'. List the loads with rejected rows with 'leanml quarantine'.", field: "LOAD");
            var rows = QuarantineReader.Read(workspace, entry.LoadId);
            output.Report(new QuarantineRowsReport(entry.LoadId, entry.FilePath, entry.Table, rows), w =>
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load {entry.LoadId}: {rows.Count:N0} quarantined row(s) of {entry.FilePath} (table {entry.Table})"));
                foreach (var r in rows)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  line {r.Line}: {r.Reason}"));
                    w.WriteLine($"    {TextTable.Cell(r.Raw, 200)}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
