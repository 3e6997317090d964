namespace LeanML.Metrics;

/// <summary>
/// A computed metric with what makes it trustworthy: the definition's hash (which definition produced it) and the
/// data's as-of (the last load of the tables it reads).
/// </summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Label">Its label for people.</param>
/// <param name="Type">count | sum | mean | ratio | proportion.</param>
/// <param name="DefinitionHash">SHA-256 of the definition file (lower-case hex).</param>
/// <param name="AsOf">The last successful load of the table it reads, or null when LeanML did not load it.</param>
/// <param name="By">The dimension it is cut by, or null.</param>
/// <param name="Grain">The grain it is cut by, or null.</param>
/// <param name="Since">The window's start, or null.</param>
/// <param name="Until">The window's end (exclusive), or null.</param>
/// <param name="Population">The population, or null for every entity.</param>
/// <param name="PerEntity">True when an additive metric (count, sum) is shown per entity of the population.</param>
/// <param name="Rows">The values.</param>
public sealed record MetricValue(
    string Metric,
    string Label,
    MetricType Type,
    string DefinitionHash,
    DateTimeOffset? AsOf,
    string? By,
    string? Grain,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    MetricPopulation? Population,
    bool PerEntity,
    IReadOnlyList<MetricRow> Rows);
