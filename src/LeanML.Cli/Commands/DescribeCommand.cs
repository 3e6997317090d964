using System.CommandLine;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml describe TABLE</c>: profile each column of a table.</summary>
internal static class DescribeCommand
{
    public static Command Create()
    {
        var table = new Argument<string>("TABLE") { Description = "The table to profile" };
        var command = new Command("describe", """
            Profile each column of a table: type (and currency), its type in the warehouse (DuckDB's or PostgreSQL's),
            original header, NULL share, distinct values,
            min/max/mean for numbers, min/max for dates, the five most frequent values for text.

            Examples:
              leanml describe stripe_payments
              leanml describe telco_customer_churn --json
            """)
        {
            table,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false);
            var profile = await WarehouseCatalog.DescribeAsync(warehouse, parse.GetValue(table)!, ct).ConfigureAwait(false);
            output.Report(profile, w =>
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{profile.Table}: {profile.Rows:N0} rows, {profile.Columns.Count} columns (plus _load_id, _source_line)"));
                w.WriteLine();
                TextTable.Write(w, ["column", "type", "stored as", "original", "null %", "distinct", "min", "max", "mean / top values"], profile.Columns.Select(c => new object?[]
                {
                    c.Name,
                    c.Unit is null ? c.Type : $"{c.Type} ({c.Unit})",
                    c.StoredAs,
                    c.OriginalName,
                    (c.NullShare * 100).ToString("0.0", CultureInfo.InvariantCulture),
                    c.Distinct,
                    c.Min,
                    c.Max,
                    c.Mean is { } m ? m.ToString("0.####", CultureInfo.InvariantCulture) : string.Join(", ", c.Top.Select(t => $"{t.Value} ({t.Count})")),
                }), maxWidth: 60);
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
