using System.CommandLine;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml export TABLE|--sql Q --output F.parquet|F.csv</c>: take a table or a feature set away with its types.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var table = new Argument<string?>("TABLE") { Description = "The table to export (or use --sql)", Arity = ArgumentArity.ZeroOrOne };
        var sql = new Option<string?>("--sql") { Description = "A read-only query whose rows to export instead of a table", HelpName = "QUERY" };
        var outputFile = new Option<string>("--output", "-o") { Description = "The file to write: .parquet (typed) or .csv", HelpName = "FILE", Required = true };
        var replace = new Option<bool>("--replace") { Description = "Replace the file if it exists (otherwise an existing file is an error)" };
        var command = new Command("export", """
            Write a table, or the rows of a read-only query, to a Parquet file (with its column types: integers,
            doubles, booleans, dates, timestamps, text) or a CSV file (dates and timestamps in ISO 8601). The file
            appears whole or not at all; an existing file is kept unless --replace is given.

            Examples:
              leanml export telco_customer_churn --output telco.parquet
              leanml export --sql "SELECT customer_id, churn FROM telco_customer_churn" --output labels.csv
              (in Python: pandas.read_parquet("telco.parquet"))
            """)
        {
            table, sql, outputFile, replace,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenForUserSqlAsync(workspace, ct).ConfigureAwait(false);
            var result = await WarehouseExport.ExportAsync(warehouse, parse.GetValue(table), parse.GetValue(sql), Path.GetFullPath(parse.GetValue(outputFile)!), parse.GetValue(replace), ct).ConfigureAwait(false);
            output.Report(result, w =>
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Rows:N0} rows, {result.Columns.Count} columns -> {result.Output} ({result.Format}, {result.Seconds:0.00} s)"));
                w.WriteLine("columns: " + string.Join(", ", result.Columns.Select(c => $"{c.Name} {c.Type}")));
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
