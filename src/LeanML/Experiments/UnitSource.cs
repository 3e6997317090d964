using System.Data.Common;
using LeanML.Internal;
using LeanML.Storage;
using Microsoft.VisualBasic.FileIO;

namespace LeanML.Experiments;

/// <summary>
/// The units of a batch assignment ("this week's call list"): a CSV/TSV file with a header, a text file with one
/// unit per line, or a warehouse table. The column is <c>--column</c>, else one named like the experiment's unit,
/// else <c>unit</c>, else the first column.
/// </summary>
public static class UnitSource
{
    /// <summary>Reads the units, in order, without duplicates or blanks.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(Workspace.Workspace workspace, string input, string? column, string unitName, CancellationToken cancellationToken = default)
    {
        IEnumerable<string> units;
        if (File.Exists(input))
        {
            units = Path.GetExtension(input).ToLowerInvariant() is ".csv" or ".tsv" ? ReadCsv(input, column, unitName) : File.ReadLines(input);
        }
        else
        {
            await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false);
            units = await ReadTableAsync(warehouse, input, column, unitName, cancellationToken).ConfigureAwait(false);
        }

        return units.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string PickColumn(IReadOnlyList<string> columns, string? column, string unitName, string where, string? file)
    {
        if (column is not null)
        {
            return columns.Contains(column, StringComparer.Ordinal)
                ? column
                : throw new LeanMLInputException($"{where} has no column '{column}'.{Suggestions.DidYouMean(column, columns)} Its columns: {string.Join(", ", columns)}.", file, field: "--column");
        }

        return columns.FirstOrDefault(c => string.Equals(c, unitName, StringComparison.OrdinalIgnoreCase))
            ?? columns.FirstOrDefault(c => string.Equals(c, "unit", StringComparison.OrdinalIgnoreCase))
            ?? columns[0];
    }

    private static List<string> ReadCsv(string path, string? column, string unitName)
    {
        using var parser = new TextFieldParser(path, System.Text.Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = true };
        parser.SetDelimiters(path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? "\t" : ",");
        var header = parser.ReadFields() ?? throw new LeanMLInputException("the file is empty; it needs a header line naming the unit column.", path, 1);
        var index = Array.IndexOf(header, PickColumn(header, column, unitName, "the file", path));
        var units = new List<string>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields();
            if (fields is not null && index < fields.Length)
            {
                units.Add(fields[index]);
            }
        }

        return units;
    }

    private static async Task<List<string>> ReadTableAsync(Database warehouse, string table, string? column, string unitName, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        try
        {
            await using var probe = warehouse.Command($"SELECT * FROM {SqlNames.Quote(table)} WHERE 1 = 0");
            await using var reader = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }
        }
        catch (DbException)
        {
            throw new LeanMLInputException($"'{table}' is neither a file nor a warehouse table; give a CSV file, a text file with one unit per line, or a table name (see 'leanml tables').", field: "--input");
        }

        var chosen = PickColumn(columns, column, unitName, $"the table '{table}'", null);
        await using var cmd = warehouse.Command($"SELECT {SqlNames.Quote(chosen)} FROM {SqlNames.Quote(table)} WHERE {SqlNames.Quote(chosen)} IS NOT NULL");
        var units = new List<string>();
        await using var rows = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            units.Add(Convert.ToString(rows.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        return units;
    }
}
