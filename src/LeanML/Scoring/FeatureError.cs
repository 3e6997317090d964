namespace LeanML.Scoring;

/// <summary>One invalid field of one input row: which row (0-based), which field, and what is wrong.</summary>
/// <param name="Row">The 0-based row index in the request or file (the CLI adds the header line).</param>
/// <param name="Field">The field or column name.</param>
/// <param name="Message">What is wrong, in a sentence that names the field.</param>
public sealed record FeatureError(int Row, string Field, string Message);
