namespace LeanML.Transforms;

/// <summary>One recorded build of a transform: what made it (SQL, fingerprint of its inputs) and how it ended.</summary>
public sealed record TransformBuildRecord(
    string BuildId,
    string Transform,
    string File,
    string Materialized,
    string SqlHash,
    string Sql,
    string Fingerprint,
    string Status,
    long? RowCount,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Message);
