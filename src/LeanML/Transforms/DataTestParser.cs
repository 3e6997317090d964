using System.Globalization;
using LeanML.Internal;

namespace LeanML.Transforms;

/// <summary>
/// Reads the data tests of a transform's or a source's YAML, in dbt's shape: <c>columns: [{name, tests: [...]}]</c>
/// for column tests, <c>tests: [...]</c> for table-level ones, and <c>freshness: {column, warn_after, error_after}</c>.
/// Each test is a name (<c>not_null</c>) or a one-key mapping of its arguments
/// (<c>{accepted_range: {min: 0, max: 100, severity: warn}}</c>).
/// </summary>
internal static class DataTestParser
{
    private static readonly string[] ColumnKinds = ["unique", "not_null", "accepted_values", "relationships", "accepted_range", "expression"];
    private static readonly string[] TableKinds = ["row_count", "row_count_change", "expression", "schema", "freshness", "unique", "not_null"];

    /// <summary>Every test declared in <paramref name="yaml"/>.</summary>
    public static IReadOnlyList<DataTestDefinition> Read(YamlSection yaml)
    {
        var tests = new List<DataTestDefinition>();
        foreach (var column in yaml.SectionList("columns"))
        {
            column.AllowOnly("name", "description", "tests", "data_tests", "type");
            var name = column.String("name", required: true)!;
            foreach (var item in column.NamedItems("tests").Concat(column.NamedItems("data_tests")))
            {
                tests.Add(Test(yaml.File, item, name, ColumnKinds));
            }
        }

        foreach (var item in yaml.NamedItems("tests").Concat(yaml.NamedItems("data_tests")))
        {
            tests.Add(Test(yaml.File, item, null, TableKinds));
        }

        if (yaml.Section("freshness") is { } freshness)
        {
            tests.Add(Freshness(freshness, TestSeverity.Error));
        }

        return tests;
    }

    private static DataTestDefinition Test(string file, (string Name, YamlSection? Arguments, string? Value, int Line) item, string? column, string[] allowed)
    {
        var (name, args, value, line) = item;
        if (!allowed.Contains(name, StringComparer.Ordinal))
        {
            throw new LeanMLInputException(
                $"unknown {(column is null ? "table" : "column")} test '{name}'.{Suggestions.DidYouMean(name, allowed)} Tests here: {string.Join(", ", allowed)}.",
                file, line, field: column is null ? "tests" : $"columns.{column}.tests");
        }

        var severity = Severity(args);
        var kind = Kind(name);
        var test = new DataTestDefinition(kind, column, severity, file, line);
        switch (kind)
        {
            case DataTestKind.Unique or DataTestKind.NotNull:
                if (column is null)
                {
                    args = Require(args, file, line, name, "{column: customer_id}");
                    Allow(args, "column");
                    return test with { Column = args.String("column", required: true) };
                }

                if (args is not null)
                {
                    Allow(args);
                }

                return test;
            case DataTestKind.AcceptedValues:
                args = Require(args, file, line, name, "{values: [a, b]}");
                Allow(args, "values", "quote");
                var values = args.StringList("values") ?? throw args.Error("values", "is missing; list the allowed values, e.g. values: [a, b]");
                return test with { Values = values };
            case DataTestKind.Relationships:
                args = Require(args, file, line, name, "{to: customers, field: customer_id}");
                Allow(args, "to", "field");
                return test with { To = RefName(args.String("to", required: true)!), Field = args.String("field", required: true) };
            case DataTestKind.AcceptedRange:
                args = Require(args, file, line, name, "{min: 0, max: 100}");
                Allow(args, "min_value", "max_value", "min", "max", "inclusive");
                var min = args.String("min") ?? args.String("min_value");
                var max = args.String("max") ?? args.String("max_value");
                return min is null && max is null
                    ? throw new LeanMLInputException($"'{name}' needs min, max or both, e.g. {{accepted_range: {{min: 0, max: 100}}}}.", file, line, field: name)
                    : test with { Min = min, Max = max };
            case DataTestKind.RowCount:
                args = Require(args, file, line, name, "{min: 1, max: 1000000}");
                Allow(args, "min", "max");
                return test with
                {
                    Min = args.Int("min", 0)?.ToString(CultureInfo.InvariantCulture),
                    Max = args.Int("max", 0)?.ToString(CultureInfo.InvariantCulture),
                };
            case DataTestKind.RowCountChange:
                args = Require(args, file, line, name, "{max_percent: 20}");
                Allow(args, "max_percent");
                return test with { MaxPercent = args.Number("max_percent", 0, required: true) };
            case DataTestKind.Expression:
                var expression = value ?? args?.String("expression", required: true);
                if (args is not null)
                {
                    Allow(args, "expression");
                }

                return string.IsNullOrWhiteSpace(expression)
                    ? throw new LeanMLInputException($"'{name}' needs the SQL that must hold on every row, e.g. {{expression: \"amount >= 0\"}}.", file, line, field: name)
                    : test with { Expression = column is null ? expression : $"{Storage.SqlNames.Quote(column)} {expression}" };
            case DataTestKind.Schema:
                args = Require(args, file, line, name, "{columns: {customer_id: bigint, email: text}}");
                Allow(args, "columns");
                var columns = args.Section("columns", required: true)!;
                return test with { Columns = columns.Keys.Select(k => new KeyValuePair<string, string?>(k, columns.String(k))).ToList() };
            case DataTestKind.Freshness:
                return Freshness(Require(args, file, line, name, "{column: created_at, warn_after: 1d, error_after: 7d}"), severity);
            default:
                throw new InvalidOperationException(name);
        }
    }

    private static DataTestDefinition Freshness(YamlSection args, TestSeverity severity)
    {
        Allow(args, "column", "loaded_at_field", "warn_after", "error_after");
        var column = args.String("column") ?? args.String("loaded_at_field")
            ?? throw args.Error("column", "is missing; name the time column whose newest value must be recent, e.g. column: created_at");
        var warn = Duration(args, "warn_after");
        var error = Duration(args, "error_after");
        return warn is null && error is null
            ? throw args.Error("warn_after", "is missing: give warn_after, error_after or both, e.g. warn_after: 1d")
            : new DataTestDefinition(DataTestKind.Freshness, column, severity, args.File, args.Line) { WarnAfter = warn, ErrorAfter = error };
    }

    // 30m, 12h, 1d, 2w; or dbt's {count: 12, period: hour}.
    private static TimeSpan? Duration(YamlSection args, string key)
    {
        if (!args.Has(key))
        {
            return null;
        }

        string text;
        try
        {
            text = args.String(key)!.Trim();
        }
        catch (LeanMLInputException)
        {
            var dbt = args.Section(key)!;

            dbt.AllowOnly("count", "period");
            var count = dbt.Int("count", 0, required: true)!.Value;
            return dbt.OneOf("period", ["minute", "hour", "day"], required: true) switch
            {
                "minute" => TimeSpan.FromMinutes(count),
                "hour" => TimeSpan.FromHours(count),
                _ => TimeSpan.FromDays(count),
            };
        }

        var unit = text.Length > 0 ? text[^1] : ' ';
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            throw args.Error(key, $"is '{text}', which is not a duration; write e.g. 30m, 12h, 1d or 2w");
        }

        return unit switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            _ => throw args.Error(key, $"is '{text}', which is not a duration; write e.g. 30m, 12h, 1d or 2w"),
        };
    }

    private static TestSeverity Severity(YamlSection? args)
    {
        if (args is null)
        {
            return TestSeverity.Error;
        }

        var config = args.Section("config");
        var text = config?.OneOf("severity", ["error", "warn"]) ?? args.OneOf("severity", ["error", "warn"]);
        return text == "warn" ? TestSeverity.Warn : TestSeverity.Error;
    }

    private static void Allow(YamlSection args, params string[] keys) => args.AllowOnly([.. keys, "severity", "config"]);

    private static YamlSection Require(YamlSection? args, string file, int line, string name, string example) =>
        args ?? throw new LeanMLInputException($"'{name}' needs its arguments, e.g. {{{name}: {example}}}.", file, line, field: name);

    // dbt writes ref('customers'); a plain name is the same.
    private static string RefName(string to)
    {
        var t = to.Trim();
        if (t.StartsWith("ref(", StringComparison.Ordinal) && t.EndsWith(')'))
        {
            t = t[4..^1].Trim().Trim('\'', '"');
        }

        return t;
    }

    private static DataTestKind Kind(string name) => name switch
    {
        "unique" => DataTestKind.Unique,
        "not_null" => DataTestKind.NotNull,
        "accepted_values" => DataTestKind.AcceptedValues,
        "relationships" => DataTestKind.Relationships,
        "accepted_range" => DataTestKind.AcceptedRange,
        "row_count" => DataTestKind.RowCount,
        "row_count_change" => DataTestKind.RowCountChange,
        "expression" => DataTestKind.Expression,
        "schema" => DataTestKind.Schema,
        "freshness" => DataTestKind.Freshness,
        _ => throw new InvalidOperationException(name),
    };
}
