using System.Globalization;
using System.Text.RegularExpressions;
using LeanML.Internal;

namespace LeanML.Experiments;

/// <summary>
/// An A/B test as written in <c>experiments/NAME.yaml</c> (DESIGN.md section 7), validated like a project brief:
/// every error names the file, the line, the key and, where it helps, the closest valid value.
/// </summary>
public sealed partial record ExperimentDefinition
{
    /// <summary>Default pre-period length for CUPED, in days.</summary>
    public const int DefaultPreDays = 14;

    private static readonly string[] RootKeys = ["name", "project", "unit", "variants", "primary", "guardrails", "metrics", "cuped", "pre_days", "alpha", "power", "mde", "salt", "start"];
    private static readonly string[] MetricKeys = ["event", "kind", "numerator", "denominator", "direction", "margin", "metric"];

    /// <summary>The experiment's name (also its file name and, by default, its hashing salt).</summary>
    public required string Name { get; init; }

    /// <summary>The project whose model is tested, if any.</summary>
    public string? Project { get; init; }

    /// <summary>What is randomised (customer, account…), for messages.</summary>
    public string Unit { get; init; } = "unit";

    /// <summary>The variants; the first one is the control.</summary>
    public required IReadOnlyList<ExperimentVariant> Variants { get; init; }

    /// <summary>The metric that decides.</summary>
    public required string Primary { get; init; }

    /// <summary>Metrics that must not get worse beyond their margin.</summary>
    public IReadOnlyList<string> Guardrails { get; init; } = [];

    /// <summary>Every metric, in file order.</summary>
    public required IReadOnlyList<ExperimentMetric> Metrics { get; init; }

    /// <summary>Adjust with the same metric in the pre-period (CUPED).</summary>
    public bool Cuped { get; init; }

    /// <summary>Length of the pre-period before the start, in days.</summary>
    public int PreDays { get; init; } = DefaultPreDays;

    /// <summary>Significance level (two-sided).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Power wanted for the minimum detectable effect.</summary>
    public double Power { get; init; } = 0.8;

    /// <summary>Minimum detectable effect on the primary metric (absolute), or null when not stated.</summary>
    public double? Mde { get; init; }

    /// <summary>Hashing salt as written; null means the experiment name.</summary>
    public string? Salt { get; init; }

    /// <summary>The start as written (<c>start: 2026-10-01</c>), or null for "when created".</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The file it was read from, for messages.</summary>
    public string File { get; init; } = "";

    /// <summary>The salt assignment hashes with: <c>salt:</c> when set, else the experiment name.</summary>
    public string EffectiveSalt => Salt ?? Name;

    /// <summary>The control variant (the first one).</summary>
    public ExperimentVariant Control => Variants[0];

    /// <summary>The variant weights in file order.</summary>
    public IReadOnlyList<double> Weights => Variants.Select(v => v.Weight).ToList();

    /// <summary>A metric by name.</summary>
    public ExperimentMetric Metric(string name) => Metrics.First(m => m.Name == name);

    /// <summary>The variant a unit gets when first assigned (GrowthBook hash v2 of salt + unit, cut by the weights).</summary>
    public ExperimentVariant VariantFor(string unit) =>
        Variants[VariantAssignment.Choose(VariantAssignment.Bucket(EffectiveSalt, unit), Weights)];

    /// <summary>True for names usable as a file name and URL segment: letters, digits, '-', '_', '.', not starting with '.'.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>Reads and validates <c>experiments/NAME.yaml</c>; the file's name must equal its <c>name:</c>.</summary>
    public static ExperimentDefinition Load(string experimentsDir, string name)
    {
        if (!IsValidName(name))
        {
            throw new LeanMLInputException($"'{name}' is not a valid experiment name: use letters, digits, '-', '_' and '.', starting with a letter or digit.", field: "NAME");
        }

        var path = System.IO.Path.Combine(experimentsDir, name + ".yaml");
        if (!System.IO.File.Exists(path))
        {
            var known = Directory.Exists(experimentsDir)
                ? Directory.EnumerateFiles(experimentsDir, "*.yaml").Select(System.IO.Path.GetFileNameWithoutExtension).OfType<string>().ToList()
                : [];
            throw new LeanMLInputException(
                $"no experiment '{name}': {path} does not exist.{Suggestions.DidYouMean(name, known)} Write the file first (see 'leanml experiment create --help').",
                field: "NAME");
        }

        var definition = Parse(path, System.IO.File.ReadAllText(path));
        return definition.Name == name
            ? definition
            : throw new LeanMLInputException($"the file is named '{name}.yaml' but says name: {definition.Name}; make them the same.", path, 1, field: "name");
    }

    /// <summary>Parses and validates experiment YAML text.</summary>
    public static ExperimentDefinition Parse(string file, string text)
    {
        var root = YamlSection.Parse(file, text);
        root.AllowOnly(RootKeys);

        var name = root.String("name", required: true)!;
        if (!IsValidName(name))
        {
            throw root.Error("name", "must use letters, digits, '-', '_' and '.', starting with a letter or digit");
        }

        var variants = ParseVariants(root);
        var metrics = ParseMetrics(root);
        var metricNames = metrics.Select(m => m.Name).ToList();

        var primary = root.String("primary", required: true)!;
        if (!metricNames.Contains(primary, StringComparer.Ordinal))
        {
            throw root.Error("primary", $"is '{primary}', which is not defined under 'metrics'.{Suggestions.DidYouMean(primary, metricNames)}");
        }

        var guardrails = root.StringList("guardrails") ?? [];
        foreach (var g in guardrails)
        {
            if (!metricNames.Contains(g, StringComparer.Ordinal))
            {
                throw root.Error("guardrails", $"names '{g}', which is not defined under 'metrics'.{Suggestions.DidYouMean(g, metricNames)}");
            }

            if (g == primary)
            {
                throw root.Error("guardrails", $"names the primary metric '{g}'; a guardrail is another metric that must not get worse");
            }

            var metric = metrics.First(m => m.Name == g);
            var section = root.Section("metrics")!.Section(g)!;
            if (!section.Has("direction") || metric.Margin is null)
            {
                throw new LeanMLInputException(
                    $"the guardrail 'metrics.{g}' needs a 'direction' (increase | decrease: which way is better) and a 'margin' (how much worse is acceptable), e.g. {{event: refund, kind: proportion, direction: decrease, margin: 0.01}}.",
                    file, section.Line, field: $"metrics.{g}");
            }
        }

        if (guardrails.Distinct(StringComparer.Ordinal).Count() != guardrails.Count)
        {
            throw root.Error("guardrails", "lists a metric twice");
        }

        var salt = root.String("salt");
        if (salt is not null && salt.Length == 0)
        {
            throw root.Error("salt", "must not be empty; remove it to use the experiment name");
        }

        return new ExperimentDefinition
        {
            Name = name,
            Project = root.String("project"),
            Unit = root.String("unit") ?? "unit",
            Variants = variants,
            Primary = primary,
            Guardrails = guardrails,
            Metrics = metrics,
            Cuped = root.Bool("cuped") ?? false,
            PreDays = root.Int("pre_days", 1, 365) ?? DefaultPreDays,
            Alpha = root.Number("alpha", 0.0001, 0.5) ?? 0.05,
            Power = root.Number("power", 0.5, 0.9999) ?? 0.8,
            Mde = root.Has("mde") ? ParsePositive(root, "mde") : null,
            Salt = salt,
            Start = ParseStart(root),
            File = file,
        };
    }

    private static List<ExperimentVariant> ParseVariants(YamlSection root)
    {
        var sections = root.SectionList("variants", required: true);
        if (sections.Count < 2)
        {
            throw root.Error("variants", "needs at least two variants: the control first, then one or more treatments");
        }

        var variants = new List<ExperimentVariant>();
        foreach (var v in sections)
        {
            v.AllowOnly("name", "weight", "run");
            var variantName = v.String("name", required: true)!;
            if (variants.Any(x => x.Name == variantName))
            {
                throw v.Error("name", $"'{variantName}' is used by two variants; give each a different name");
            }

            var weight = v.Number("weight", 0, 1, required: true)!.Value;
            if (weight <= 0)
            {
                throw v.Error("weight", "must be greater than 0; remove the variant instead");
            }

            variants.Add(new ExperimentVariant(variantName, weight, v.String("run")));
        }

        var sum = variants.Sum(v => v.Weight);
        if (Math.Abs(sum - 1) > 1e-6)
        {
            throw root.Error("variants", $"have weights summing to {sum.ToString("0.######", CultureInfo.InvariantCulture)}; they must sum to 1 (e.g. 0.5 and 0.5)");
        }

        return variants;
    }

    private static List<ExperimentMetric> ParseMetrics(YamlSection root)
    {
        var section = root.Section("metrics", required: true)!;
        var metrics = new List<ExperimentMetric>();
        foreach (var (metricName, m) in section.NamedSections())
        {
            m.AllowOnly(MetricKeys);
            if (m.Has("metric"))
            {
                metrics.Add(ParseDefinedMetric(root, metricName, m));
                continue;
            }

            var kind = m.OneOf("kind", ["proportion", "mean", "ratio"], required: true) switch
            {
                "mean" => MetricKind.Mean,
                "ratio" => MetricKind.Ratio,
                _ => MetricKind.Proportion,
            };
            string? evt = null, numerator = null, denominator = null;
            if (kind == MetricKind.Ratio)
            {
                numerator = m.String("numerator", required: true);
                denominator = m.String("denominator", required: true);
                if (m.Has("event"))
                {
                    throw m.Error("event", "is not used by a ratio metric; name the 'numerator' and 'denominator' events");
                }
            }
            else
            {
                evt = m.String("event", required: true);
                foreach (var key in new[] { "numerator", "denominator" })
                {
                    if (m.Has(key))
                    {
                        throw m.Error(key, "is only used by kind: ratio");
                    }
                }
            }

            var direction = m.OneOf("direction", ["increase", "decrease"]) == "decrease" ? MetricDirection.Decrease : MetricDirection.Increase;
            var margin = m.Number("margin", 0, double.MaxValue);
            metrics.Add(new ExperimentMetric(metricName, kind, evt, numerator, denominator, direction, margin));
        }

        return metrics.Count > 0 ? metrics : throw root.Error("metrics", "must define at least the primary metric");
    }

    // {metric: NAME}: a metric defined once in metrics/NAME.yaml (beside experiments/), read from its warehouse table
    // for the experiment's units over its window. Its type decides how a unit's value is compared: count and sum as a
    // mean per unit, proportion as a share of units, mean and ratio as a ratio of sums (delta method).
    private static ExperimentMetric ParseDefinedMetric(YamlSection root, string metricName, YamlSection m)
    {
        foreach (var key in new[] { "event", "kind", "numerator", "denominator" })
        {
            if (m.Has(key))
            {
                throw m.Error(key, "is not used with 'metric:'; the defined metric says what it reads");
            }
        }

        var defined = m.String("metric", required: true)!;
        var folder = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(root.File))) ?? "", "metrics");
        LeanML.Metrics.MetricDefinition definition;
        try
        {
            definition = LeanML.Metrics.MetricDefinition.Load(folder, defined);
        }
        catch (LeanMLInputException ex) when (ex.File is null)
        {
            throw m.Error("metric", $"names '{defined}', which is not defined: {ex.Message}");
        }

        var kind = definition.Type switch
        {
            LeanML.Metrics.MetricType.Proportion => MetricKind.Proportion,
            LeanML.Metrics.MetricType.Mean or LeanML.Metrics.MetricType.Ratio => MetricKind.Ratio,
            _ => MetricKind.Mean,
        };
        var direction = m.OneOf("direction", ["increase", "decrease"]) == "decrease" ? MetricDirection.Decrease : MetricDirection.Increase;
        return new ExperimentMetric(metricName, kind, null, null, null, direction, m.Number("margin", 0, double.MaxValue), definition);
    }

    private static double ParsePositive(YamlSection root, string key)
    {
        var value = root.Number(key, 0, double.MaxValue, required: true)!.Value;
        return value > 0 ? value : throw root.Error(key, "must be greater than 0");
    }

    private static DateTimeOffset? ParseStart(YamlSection root)
    {
        var text = root.String("start");
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw root.Error("start", $"is '{text}'; write a date like 2026-10-01 or a time like 2026-10-01T09:00:00Z");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
