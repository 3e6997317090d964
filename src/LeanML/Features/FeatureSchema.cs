using LeanML.Internal;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeanML.Features;

/// <summary>How a column becomes a float32 feature; the same for training, batch scoring and serving.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
public enum FeatureKind
{
    /// <summary>Integer or real; NULL is missing.</summary>
    Number,

    /// <summary>true/false, 1/0, yes/no → 1/0.</summary>
    Boolean,

    /// <summary>A date → days since 1970-01-01.</summary>
    Date,

    /// <summary>A timestamp → days since 1970-01-01 UTC, with the time of day as a fraction.</summary>
    Timestamp,

    /// <summary>Text → category code (index in <see cref="FeatureSpec.Categories"/>); unseen → missing.</summary>
    Category,
}

/// <summary>The training distribution of one feature, kept for drift monitoring.</summary>
/// <param name="BinEdges">Quantile bin edges for numeric kinds (ascending), empty for categories.</param>
/// <param name="BinCounts">Training rows per bin (BinEdges.Count + 1 bins), or per category code for categories.</param>
/// <param name="Missing">Training rows where the feature was missing.</param>
public sealed record FeatureDistribution(IReadOnlyList<double> BinEdges, IReadOnlyList<long> BinCounts, long Missing);

/// <summary>One model feature: its source column, encoding and what training saw.</summary>
/// <param name="Name">The column name in the training SQL result (also the XGBoost feature name).</param>
/// <param name="Kind">The encoding.</param>
/// <param name="Categories">For <see cref="FeatureKind.Category"/>: the category values; a value's code is its index.</param>
/// <param name="AllowsMissing">True when training data had missing values for this feature, so a request may omit it.</param>
/// <param name="Distribution">The training distribution (for drift), when recorded.</param>
public sealed record FeatureSpec(
    string Name,
    FeatureKind Kind,
    IReadOnlyList<string>? Categories,
    bool AllowsMissing,
    FeatureDistribution? Distribution = null);

/// <summary>
/// The feature schema of a training run (<c>schema.json</c> in the run folder): the contract between training
/// and scoring, so batch and real-time scoring encode a row exactly as training did.
/// </summary>
/// <param name="Task">binary | regression | multiclass.</param>
/// <param name="IdColumn">The row identifier column (never a feature), if any.</param>
/// <param name="Label">The label column.</param>
/// <param name="Classes">For multiclass: class labels in class-index order; for binary: [negative, positive] as text.</param>
/// <param name="Features">The features in model column order.</param>
public sealed record FeatureSchema(
    string Task,
    string? IdColumn,
    string Label,
    IReadOnlyList<string>? Classes,
    IReadOnlyList<FeatureSpec> Features)
{
    /// <summary>The file name of a schema inside a run folder.</summary>
    public const string FileName = "schema.json";

    /// <summary>JSON options for schema files: snake_case, enums as lower-case strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        TypeInfoResolver = LeanMLJsonContext.Default,
    }.WithSnakeCaseEnums();

    /// <summary>
    /// The name a file's column or a request's field goes by for this model, the one rule batch scoring and serving
    /// share: its snake_case name as ingest gives it (<paramref name="snakeCase"/>, else <see cref="Storage.SqlNames.ToSnakeCase"/>
    /// of <paramref name="header"/>) when that is a feature or the id column, else the header as written.
    /// </summary>
    public string ColumnName(string header, string? snakeCase = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var snake = snakeCase ?? Storage.SqlNames.ToSnakeCase(header);
        return string.Equals(snake, IdColumn, StringComparison.Ordinal) || Features.Any(f => string.Equals(f.Name, snake, StringComparison.Ordinal)) ? snake : header;
    }

    /// <summary>Serialises the schema.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions.Info<FeatureSchema>());

    /// <summary>Parses a schema written by <see cref="ToJson"/>.</summary>
    public static FeatureSchema FromJson(string json) =>
        JsonSerializer.Deserialize(json, JsonOptions.Info<FeatureSchema>()) ?? throw new JsonException("empty feature schema");
}
