using System.Text.Json.Serialization;
using LeanML.Experiments;
using LeanML.Server.Apis;

namespace LeanML.Server;

/// <summary>Compile-time JSON metadata of the API's answers (the server runs ahead-of-time compiled, without reflection).</summary>
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadyResponse))]
[JsonSerializable(typeof(ExperimentsApi.AssignResponse))]
[JsonSerializable(typeof(ExperimentAnalysis))]
[JsonSerializable(typeof(EventLoadResult))]
[JsonSerializable(typeof(PredictRequest))]
[JsonSerializable(typeof(PredictResponse))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
