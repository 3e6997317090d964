namespace LeanML.Scoring;

/// <summary>A category value training never saw, scored as missing: which row (0-based), which field, which value.</summary>
/// <param name="Row">The 0-based row index in the request or file.</param>
/// <param name="Field">The categorical feature.</param>
/// <param name="Value">The value as sent.</param>
public sealed record UnseenCategory(int Row, string Field, string Value);
