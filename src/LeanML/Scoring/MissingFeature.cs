namespace LeanML.Scoring;

/// <summary>
/// A feature a row did not give (absent, null or blank) although training never saw it missing: scored as missing
/// (XGBoost's default direction at each split) and counted, not refused.
/// </summary>
/// <param name="Row">The row (0-based) in its request or input.</param>
/// <param name="Field">The feature's name.</param>
public sealed record MissingFeature(int Row, string Field);
