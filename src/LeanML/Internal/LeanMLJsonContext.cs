using System.Text.Json;
using System.Text.Json.Serialization;
using LeanML.Features;
using LeanML.Training;

namespace LeanML.Internal;

/// <summary>
/// Compile-time JSON metadata for the library's own files and log columns (schema.json, run.json, params.json,
/// metrics.json, the ingest log's schema and warnings, run artifacts). No reflection at run time: the CLI is compiled
/// ahead of time, where reflection-based serialization is not available.
/// </summary>
[JsonSerializable(typeof(FeatureSchema))]
[JsonSerializable(typeof(TrainingRunReport))]
[JsonSerializable(typeof(TrainingParameters))]
[JsonSerializable(typeof(Dictionary<string, SortedDictionary<string, double?>>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<Dictionary<string, string?>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class LeanMLJsonContext : JsonSerializerContext;
