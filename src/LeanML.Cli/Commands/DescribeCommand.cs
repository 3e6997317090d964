using System.CommandLine;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml describe TABLE [COLUMN] [--label COL]</c>: profile each column of a table.</summary>
internal static class DescribeCommand
{
    public static Command Create()
    {
        var table = new Argument<string>("TABLE") { Description = "The table to profile" };
        var column = new Argument<string?>("COLUMN") { Description = "Only this column, in full (quantiles and histogram)", Arity = ArgumentArity.ZeroOrOne };
        var label = new Option<string?>("--label") { Description = "Each column's association with this label: AUC of the column alone (two-valued label) or correlation (numeric label), strongest first", HelpName = "COL" };
        var command = new Command("describe", """
            Profile each column of a table: type (and currency), its type in the warehouse (DuckDB's or PostgreSQL's),
            original header, NULL share, distinct values,
            min/max/mean for numbers, min/max for dates, the five most frequent values for text; for numbers also the
            standard deviation, quantiles (1, 5, 25, 50, 75, 95, 99%) and a ten-bin histogram, all computed by the
            warehouse's SQL. With --label, each numeric column's AUC alone (a label with two values; the larger is
            positive) or correlation (a numeric label) with it, strongest first: the first look before training.

            Examples:
              leanml describe stripe_payments
              leanml describe telco_customer_churn --json
              leanml describe telco_customer_churn tenure
              leanml describe telco_customer_churn --label churn
            """)
        {
            table, column, label,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false);
            var profile = await WarehouseCatalog.DescribeAsync(warehouse, parse.GetValue(table)!, parse.GetValue(column), parse.GetValue(label), ct).ConfigureAwait(false);
            output.Report(profile, w =>
            {
                if (parse.GetValue(column) is not null)
                {
                    WriteColumn(w, profile);
                    return;
                }

                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{profile.Table}: {profile.Rows:N0} rows, {profile.Columns.Count} columns{(profile.Lineage ? " (plus _load_id, _source_line)" : "")}"));
                w.WriteLine();
                var association = profile.AssociationKind is null ? [] : new[] { profile.AssociationKind == "auc" ? $"auc ({profile.Label}={profile.Positive})" : $"corr ({profile.Label})" };
                TextTable.Write(w, ["column", "type", "stored as", "original", "null %", "distinct", "min", "max", "mean / top values", "std", "p50", "histogram", .. association], profile.Columns.Select(object?[] (c) =>
                [
                    c.Name,
                    c.Unit is null ? c.Type : $"{c.Type} ({c.Unit})",
                    c.StoredAs,
                    c.OriginalName,
                    (c.NullShare * 100).ToString("0.0", CultureInfo.InvariantCulture),
                    c.Distinct,
                    c.Min,
                    c.Max,
                    c.Mean is { } m ? m.ToString("0.####", CultureInfo.InvariantCulture) : string.Join(", ", c.Top.Select(t => $"{t.Value} ({t.Count})")),
                    c.StdDev is { } sd ? sd.ToString("0.####", CultureInfo.InvariantCulture) : null,
                    c.Quantiles?.GetValueOrDefault("p50") is { } p50 ? p50.ToString("0.####", CultureInfo.InvariantCulture) : null,
                    c.Histogram is { Count: > 0 } h ? Sparkline(h) : null,
                    .. profile.AssociationKind is null ? Array.Empty<object?>() : [c.Association is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "n/a"],
                ]), maxWidth: 60);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    // One column in full: the summary, the quantiles, and the histogram as bars.
    private static void WriteColumn(TextWriter w, TableProfile profile)
    {
        var c = profile.Columns[0];
        string F(double? v) => v is { } x ? x.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{profile.Table}.{c.Name}: {c.Type}{(c.Unit is null ? "" : $" ({c.Unit})")}, stored as {c.StoredAs}; {profile.Rows:N0} rows, {c.Nulls:N0} NULL ({c.NullShare * 100:0.0}%), {c.Distinct:N0} distinct"));
        if (c.Mean is not null || c.Min is not null)
        {
            w.WriteLine($"  min {c.Min}  max {c.Max}  mean {F(c.Mean)}  std {F(c.StdDev)}");
        }

        if (c.Quantiles is { } q)
        {
            w.WriteLine("  quantiles " + string.Join("  ", q.Select(p => $"{p.Key} {F(p.Value)}")));
        }

        if (c.Top.Count > 0)
        {
            w.WriteLine("  top values " + string.Join(", ", c.Top.Select(t => $"{t.Value} ({t.Count:N0})")));
        }

        if (c.Association is { } a)
        {
            w.WriteLine(profile.AssociationKind == "auc"
                ? string.Create(CultureInfo.InvariantCulture, $"  AUC alone for {profile.Label}={profile.Positive}: {a:0.000}")
                : string.Create(CultureInfo.InvariantCulture, $"  correlation with {profile.Label}: {a:0.000}"));
        }

        if (c.Histogram is { Count: > 0 } bins)
        {
            var most = Math.Max(1, bins.Max(b => b.Count));
            for (var i = 0; i < bins.Count; i++)
            {
                var b = bins[i];
                var bar = new string('#', (int)Math.Round(40.0 * b.Count / most));
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{b.Low,12:0.###}, {b.High,12:0.###}{(i == bins.Count - 1 ? "]" : ")")} {b.Count,9:N0} {bar}"));
            }
        }
    }

    // Ten bins as one line of block heights, for the table.
    private static string Sparkline(IReadOnlyList<HistogramBin> bins)
    {
        const string Blocks = " ▁▂▃▄▅▆▇█";
        var most = Math.Max(1, bins.Max(b => b.Count));
        return new string([.. bins.Select(b => Blocks[b.Count == 0 ? 0 : Math.Max(1, (int)Math.Round(8.0 * b.Count / most))])]);
    }
}
