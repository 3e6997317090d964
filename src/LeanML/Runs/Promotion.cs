namespace LeanML.Runs;

/// <summary>One promotion of a run to a project's production model.</summary>
public sealed record Promotion(string Project, string RunId, DateTimeOffset PromotedAt, string PromotedBy);
