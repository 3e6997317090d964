using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LeanML.Internal;

namespace LeanML.Metrics;

/// <summary>
/// A business metric defined once in <c>metrics/NAME.yaml</c> (dbt MetricFlow's and GrowthBook's shape, kept small):
/// what it aggregates, over which entity and time column, the grains and dimensions it may be cut by, and how its
/// value is written. <c>leanml metric</c>, a report's live number and an experiment's per-variant value all compute
/// from this one definition.
/// </summary>
public sealed partial record MetricDefinition
{
    private static readonly string[] Keys =
        ["name", "label", "description", "owner", "type", "table", "transform", "expression", "numerator", "denominator", "entity", "time", "grains", "filters", "dimensions", "format"];

    /// <summary>The formats a value can be written in.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["number", "integer", "percent", "money"];

    /// <summary>The metric's name (its file name).</summary>
    public required string Name { get; init; }

    /// <summary>Its label for people.</summary>
    public required string Label { get; init; }

    /// <summary>What it measures, in a sentence.</summary>
    public string? Description { get; init; }

    /// <summary>Who answers for it.</summary>
    public string? Owner { get; init; }

    /// <summary>How it aggregates.</summary>
    public required MetricType Type { get; init; }

    /// <summary>The warehouse table (or the table a transform builds) it reads.</summary>
    public required string Table { get; init; }

    /// <summary>The SQL expression aggregated (count: optional; ratio: unused).</summary>
    public string? Expression { get; init; }

    /// <summary>The ratio's numerator expression (summed).</summary>
    public string? Numerator { get; init; }

    /// <summary>The ratio's denominator expression (summed).</summary>
    public string? Denominator { get; init; }

    /// <summary>The column naming the entity each row belongs to (e.g. customer_id).</summary>
    public required string Entity { get; init; }

    /// <summary>The time column windows and grains read, or null when the metric has no time.</summary>
    public string? Time { get; init; }

    /// <summary>The grains allowed.</summary>
    public IReadOnlyList<string> Grains { get; init; } = [];

    /// <summary>SQL conditions every row must meet (ANDed).</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>The columns it may be cut by.</summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <summary>number | integer | percent | money.</summary>
    public string Format { get; init; } = "number";

    /// <summary>The file it was read from.</summary>
    public string File { get; init; } = "";

    /// <summary>SHA-256 of the file's text (lower-case hex): which definition produced a number.</summary>
    public string Hash { get; init; } = "";

    /// <summary>True for count and sum: their value over a population grows with it, so it is shown per entity there.</summary>
    public bool Additive => Type is MetricType.Count or MetricType.Sum;

    /// <summary>The metrics folder of a workspace.</summary>
    public static string Folder(Workspace.Workspace workspace) => System.IO.Path.Combine(workspace.Root, "metrics");

    /// <summary>True for names usable as a file name: letters, digits, '-', '_', starting with a letter or digit.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>Loads <c>metrics/NAME.yaml</c> from a metrics folder; a missing one is an input error listing the defined metrics.</summary>
    public static MetricDefinition Load(string folder, string name)
    {
        if (!IsValidName(name))
        {
            throw new LeanMLInputException($"'{name}' is not a metric name: use letters, digits, '-' and '_'.", field: "NAME");
        }

        var path = System.IO.Path.Combine(folder, name + ".yaml");
        if (!System.IO.File.Exists(path))
        {
            var known = Names(folder);
            throw new LeanMLInputException(
                $"no metric '{name}': {path} does not exist.{Suggestions.DidYouMean(name, known)} " +
                (known.Count == 0 ? "Define one in metrics/NAME.yaml (see 'leanml metric --help')." : $"Defined metrics: {string.Join(", ", known)}."),
                field: "NAME");
        }

        var definition = Parse(path, System.IO.File.ReadAllText(path));
        return definition.Name == name
            ? definition
            : throw new LeanMLInputException($"the file is named '{name}.yaml' but says name: {definition.Name}; make them the same.", path, 1, field: "name");
    }

    /// <summary>The names of the metrics defined in a folder, sorted.</summary>
    public static IReadOnlyList<string> Names(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yaml").Select(System.IO.Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Parses and validates a definition; every problem names the file, line and key.</summary>
    public static MetricDefinition Parse(string file, string text)
    {
        var root = YamlSection.Parse(file, text);
        root.AllowOnly(Keys);
        var name = root.String("name", required: true)!;
        if (!IsValidName(name))
        {
            throw root.Error("name", "must use letters, digits, '-' and '_', starting with a letter or digit");
        }

        var type = root.OneOf("type", ["count", "sum", "mean", "ratio", "proportion"], required: true) switch
        {
            "count" => MetricType.Count,
            "sum" => MetricType.Sum,
            "mean" => MetricType.Mean,
            "ratio" => MetricType.Ratio,
            _ => MetricType.Proportion,
        };

        if (root.Has("table") == root.Has("transform"))
        {
            throw new LeanMLInputException("name the data with exactly one of 'table:' (a warehouse table) or 'transform:' (the table a transform builds).", file, root.Line, field: "table");
        }

        var table = root.Has("table") ? root.String("table", required: true)! : root.String("transform", required: true)!;
        string? expression = root.String("expression"), numerator = root.String("numerator"), denominator = root.String("denominator");
        if (type == MetricType.Ratio)
        {
            if (numerator is null || denominator is null)
            {
                throw new LeanMLInputException("a ratio needs 'numerator:' and 'denominator:' (SQL expressions, each summed), e.g. numerator: amount_refunded, denominator: amount.", file, root.Line, field: numerator is null ? "numerator" : "denominator");
            }

            if (expression is not null)
            {
                throw root.Error("expression", "is not used by a ratio; write 'numerator:' and 'denominator:'");
            }
        }
        else
        {
            foreach (var key in new[] { "numerator", "denominator" })
            {
                if (root.Has(key))
                {
                    throw root.Error(key, "is only used by type: ratio");
                }
            }

            if (type != MetricType.Count && string.IsNullOrWhiteSpace(expression))
            {
                throw new LeanMLInputException(
                    $"a {type.ToString().ToLowerInvariant()} metric needs 'expression:' (the SQL it aggregates{(type == MetricType.Proportion ? ", a condition such as canceled_at_utc IS NOT NULL" : ", such as amount")}).",
                    file, root.Line, field: "expression");
            }
        }

        var grains = root.StringList("grains") ?? [];
        foreach (var g in grains)
        {
            if (!MetricGrain.All.Contains(g, StringComparer.Ordinal))
            {
                throw root.Error("grains", $"lists '{g}', which is not one of {string.Join(" | ", MetricGrain.All)}.{Suggestions.DidYouMean(g, MetricGrain.All)}");
            }
        }

        var time = root.String("time");
        if (grains.Count > 0 && time is null)
        {
            throw root.Error("grains", "need a 'time:' column to cut by");
        }

        return new MetricDefinition
        {
            Name = name,
            Label = root.String("label") ?? name,
            Description = root.String("description"),
            Owner = root.String("owner"),
            Type = type,
            Table = table,
            Expression = expression,
            Numerator = numerator,
            Denominator = denominator,
            Entity = root.String("entity", required: true)!,
            Time = time,
            Grains = grains,
            Filters = root.StringList("filters") ?? [],
            Dimensions = root.StringList("dimensions") ?? [],
            Format = root.OneOf("format", Formats.ToList()) ?? "number",
            File = file,
            Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
        };
    }

    /// <summary>A value written with the definition's format (invariant culture).</summary>
    public string FormatValue(double? value) => value is not { } v || double.IsNaN(v)
        ? "n/a"
        : Format switch
        {
            "integer" => Math.Round(v).ToString("#,0", CultureInfo.InvariantCulture),
            "percent" => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            "money" => v.ToString("#,0.00", CultureInfo.InvariantCulture),
            _ => v.ToString("0.####", CultureInfo.InvariantCulture) is var s && (s != "0" || v == 0) ? s : v.ToString("G4", CultureInfo.InvariantCulture),
        };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
