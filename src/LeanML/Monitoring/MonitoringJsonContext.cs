using System.Text.Json.Serialization;

namespace LeanML.Monitoring;

/// <summary>Compile-time JSON metadata of the monitoring files (reference.json) and report, for the ahead-of-time compiled CLI.</summary>
[JsonSerializable(typeof(ReferenceProfile))]
[JsonSerializable(typeof(MonitorReport))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;
