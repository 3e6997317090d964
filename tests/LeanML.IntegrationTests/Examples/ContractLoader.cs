using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LeanML.Storage;
using DuckDB.NET.Data;

namespace LeanML.IntegrationTests.Examples;

/// <summary>
/// A small test-only loader that follows the ingestion contract the churn project's SQL relies on, so the SQL can be
/// checked on the generated files (in a DuckDB file): table = snake_case of the file name; columns = snake_case of the
/// headers; money strings ("$1,234.50") → DOUBLE; true/false → BIGINT 0/1; dates → DATE; timestamps → TIMESTAMP (UTC);
/// empty → NULL; nested JSON objects → parent_child columns, arrays → JSON text; _load_id and _source_line on every
/// table; a line with the wrong number of fields or invalid JSON is quarantined (counted), never loaded.
/// </summary>
public static partial class ContractLoader
{
    /// <summary>Loads one file; returns the number of rows quarantined.</summary>
    public static int Load(DuckDBConnection connection, string file)
    {
        var table = SqlNames.ToSnakeCase(Path.GetFileNameWithoutExtension(file));
        var (headers, rows, rejected) = Path.GetExtension(file) switch
        {
            ".csv" => ReadCsv(file),
            ".jsonl" => ReadJsonLines(file),
            ".xlsx" => ReadXlsx(file),
            _ => throw new ArgumentException(file),
        };
        var columns = SqlNames.Unique(headers.Select(SqlNames.ToSnakeCase));
        var kinds = Enumerable.Range(0, columns.Count).Select(i => Infer(rows.Select(r => r.Values[i]))).ToArray();

        using (var create = connection.CreateCommand())
        {
            var defs = columns.Select((c, i) => $"{SqlNames.Quote(c)} {kinds[i] switch { Kind.Integer or Kind.Boolean => "BIGINT", Kind.Real => "DOUBLE", Kind.Date => "DATE", Kind.Timestamp => "TIMESTAMP", _ => "VARCHAR" }}");
            create.CommandText = $"CREATE TABLE {SqlNames.Quote(table)} ({string.Join(", ", defs)}, _load_id BIGINT, _source_line BIGINT)";
            create.ExecuteNonQuery();
        }

        using var appender = connection.CreateAppender(table);
        foreach (var row in rows)
        {
            var append = appender.CreateRow();
            for (var i = 0; i < columns.Count; i++)
            {
                _ = Convert(row.Values[i], kinds[i]) switch
                {
                    long l => append.AppendValue((long?)l),
                    double d => append.AppendValue((double?)d),
                    DateOnly d => append.AppendValue((DateOnly?)d),
                    DateTime t => append.AppendValue((DateTime?)t),
                    string text => append.AppendValue(text),
                    _ => append.AppendNullValue(),
                };
            }

            append.AppendValue((long?)1).AppendValue((long?)row.Line).EndRow();
        }

        return rejected;
    }

    private enum Kind { Text, Integer, Real, Boolean, Date, Timestamp }

    private sealed record SourceRow(long Line, string?[] Values);

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^-?\$?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?$")]
    private static partial Regex TimestampPattern();

    private static Kind Infer(IEnumerable<string?> values)
    {
        var candidates = new HashSet<Kind> { Kind.Integer, Kind.Real, Kind.Boolean, Kind.Date, Kind.Timestamp };
        foreach (var v in values)
        {
            if (v is null)
            {
                continue;
            }

            if (!IntegerPattern().IsMatch(v))
            {
                candidates.Remove(Kind.Integer);
            }

            if (!NumberPattern().IsMatch(v))
            {
                candidates.Remove(Kind.Real);
            }

            if (!v.Equals("true", StringComparison.OrdinalIgnoreCase) && !v.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                candidates.Remove(Kind.Boolean);
            }

            if (!DatePattern().IsMatch(v))
            {
                candidates.Remove(Kind.Date);
            }

            if (!TimestampPattern().IsMatch(v))
            {
                candidates.Remove(Kind.Timestamp);
            }

            if (candidates.Count == 0)
            {
                return Kind.Text;
            }
        }

        foreach (var kind in new[] { Kind.Boolean, Kind.Integer, Kind.Real, Kind.Date, Kind.Timestamp })
        {
            if (candidates.Contains(kind))
            {
                return kind;
            }
        }

        return Kind.Text;
    }

    private static object Convert(string? value, Kind kind)
    {
        if (value is null)
        {
            return DBNull.Value;
        }

        return kind switch
        {
            Kind.Boolean => value.Equals("true", StringComparison.OrdinalIgnoreCase) ? 1L : 0L,
            Kind.Integer => long.Parse(value, CultureInfo.InvariantCulture),
            Kind.Real => double.Parse(value.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
            Kind.Timestamp => DateTime.ParseExact(value.TrimEnd('Z').Replace('T', ' '), ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None),
            Kind.Date => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static (List<string> Headers, List<SourceRow> Rows, int Rejected) ReadCsv(string file)
    {
        var text = File.ReadAllText(file, Encoding.UTF8);
        var records = new List<(long Line, List<string> Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, recordLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add((recordLine, fields));
                fields = [];
                line++;
                recordLine = line;
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        var headers = records[0].Fields;
        var rows = new List<SourceRow>();
        var rejected = 0;
        foreach (var (at, values) in records.Skip(1))
        {
            if (values.Count != headers.Count)
            {
                rejected++;
                continue;
            }

            rows.Add(new SourceRow(at, [.. values.Select(v => v.Length == 0 ? null : v)]));
        }

        return (headers, rows, rejected);
    }

    private static (List<string> Headers, List<SourceRow> Rows, int Rejected) ReadJsonLines(string file)
    {
        var headers = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var objects = new List<(long Line, Dictionary<string, string?> Values)>();
        var rejected = 0;
        long number = 0;
        foreach (var text in File.ReadLines(file))
        {
            number++;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                Flatten(doc.RootElement, "", values);
                foreach (var key in values.Keys.Where(k => !index.ContainsKey(k)))
                {
                    index[key] = headers.Count;
                    headers.Add(key);
                }

                objects.Add((number, values));
            }
            catch (JsonException)
            {
                rejected++;
            }
        }

        var rows = objects.Select(o => new SourceRow(o.Line, [.. headers.Select(h => o.Values.GetValueOrDefault(h))])).ToList();
        return (headers, rows, rejected);
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> values)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : prefix + "_" + property.Name;
            var v = property.Value;
            switch (v.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(v, name, values);
                    break;
                case JsonValueKind.Array:
                    values[name] = v.GetRawText();
                    break;
                case JsonValueKind.Null:
                    values[name] = null;
                    break;
                case JsonValueKind.String:
                    values[name] = v.GetString() is { Length: > 0 } s ? s : null;
                    break;
                default:
                    values[name] = v.GetRawText();
                    break;
            }
        }
    }

    private static (List<string> Headers, List<SourceRow> Rows, int Rejected) ReadXlsx(string file)
    {
        using var document = SpreadsheetDocument.Open(file, false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var grid = new List<List<string?>>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var values = new List<string?>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference!.Value![0] - 'A';
                while (values.Count < column)
                {
                    values.Add(null);
                }

                var raw = cell.CellValue?.Text;
                values.Add(cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(raw!, CultureInfo.InvariantCulture)] : raw);
            }

            grid.Add(values);
        }

        var headers = grid[0].Select(h => h!).ToList();
        var rows = grid.Skip(1).Select((r, i) => new SourceRow(i + 2, [.. Enumerable.Range(0, headers.Count).Select(c => c < r.Count ? r[c] : null)])).ToList();
        return (headers, rows, 0);
    }
}
