using LeanML.Cli.Reports;
using System.CommandLine;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml sql "SELECT ..."</c>: a read-only query, printed as a table, CSV or JSON.</summary>
internal static class SqlCommand
{
    private const int HumanRowLimit = 200;

    public static Command Create()
    {
        var query = new Argument<string>("QUERY") { Description = "One read-only SQL statement" };
        var csv = new Option<bool>("--csv") { Description = "Print CSV (RFC 4180) instead of a table" };
        var command = new Command("sql", """
            Run one read-only query against the warehouse (writes are refused) and print the rows as a table,
            as CSV with --csv, or as JSON with --json (with each column's database type). The warehouse speaks
            DuckDB's SQL (PostgreSQL's on a team warehouse); dates and timestamps print as ISO 8601.

            Examples:
              leanml sql "SELECT churn, COUNT(*) FROM telco_customer_churn GROUP BY churn"
              leanml sql "SELECT * FROM stripe_payments LIMIT 10" --csv
            """)
        {
            query, csv,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenForUserSqlAsync(workspace, ct).ConfigureAwait(false);
            var result = await WarehouseCatalog.QueryAsync(warehouse, parse.GetValue(query)!, ct).ConfigureAwait(false);
            if (parse.GetValue(csv) && !output.Json)
            {
                var w = Console.Out;
                await w.WriteLineAsync(string.Join(",", result.Columns.Select(Csv))).ConfigureAwait(false);
                foreach (var row in result.Rows)
                {
                    await w.WriteLineAsync(string.Join(",", row.Select(v => Csv(Plain(v))))).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }

            output.Report(new SqlReport(result.Columns, result.Types, result.Rows, result.Rows.Count), w =>
            {
                TextTable.Write(w, result.Columns, result.Rows.Take(HumanRowLimit));
                w.WriteLine(result.Rows.Count > HumanRowLimit
                    ? $"({result.Rows.Count:N0} rows; the first {HumanRowLimit} shown: use --csv or --json for all)"
                    : $"({result.Rows.Count:N0} row{(result.Rows.Count == 1 ? "" : "s")})");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Plain(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
