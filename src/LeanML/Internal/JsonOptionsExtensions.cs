using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LeanML.Features;

namespace LeanML.Internal;

/// <summary>Helpers for options whose resolver is a source-generated context.</summary>
public static class JsonOptionsExtensions
{
    /// <summary>
    /// Converters writing every public enum of the library as a snake_case string. Each is the generic converter of one
    /// enum: the non-generic factory makes its converters at run time, which ahead-of-time compiled code cannot.
    /// </summary>
    public static IReadOnlyList<JsonConverter> SnakeCaseEnums { get; } =
    [
        new JsonStringEnumConverter<FeatureKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Experiments.MetricKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Experiments.MetricDirection>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Experiments.ExperimentDecision>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Experiments.GuardrailVerdict>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Scoring.XGBoostObjective>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Scoring.FieldValueKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Workspace.WarehouseProvider>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Storage.StoreKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Ingestion.ColumnType>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Ingestion.IngestMode>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Ingestion.IngestFormat>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Serving.TokenScope>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Workspace.SmtpTls>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Monitoring.LiveWindow>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Monitoring.OutcomeStatus>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Metrics.MetricType>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Projects.HealthSignal>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Transforms.BuildStatus>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Transforms.DataTestStatus>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Transforms.DataTestKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Transforms.Materialization>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Transforms.TestSeverity>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Transforms.SqlTokenKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Explanations.ExplainFormat>(JsonNamingPolicy.SnakeCaseLower),
    ];

    /// <summary>Adds <see cref="SnakeCaseEnums"/> to the options' converters; returns the options.</summary>
    public static JsonSerializerOptions WithSnakeCaseEnums(this JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var converter in SnakeCaseEnums)
        {
            options.Converters.Add(converter);
        }

        return options;
    }

    /// <summary>The metadata of <typeparamref name="T"/> under these options (their resolver must know the type).</summary>
    public static JsonTypeInfo<T> Info<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
