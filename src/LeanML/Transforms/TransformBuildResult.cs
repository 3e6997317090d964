namespace LeanML.Transforms;

/// <summary>One transform's outcome in a build, with its test results.</summary>
public sealed record TransformBuildResult(string Name, string File, string Materialized, BuildStatus Status, long? RowCount, double Seconds, string? Message, IReadOnlyList<DataTestResult> Tests);
