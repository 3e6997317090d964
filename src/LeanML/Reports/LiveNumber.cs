namespace LeanML.Reports;

/// <summary>A live reference resolved: its value, how it was shown, and where it came from and as of when.</summary>
/// <param name="Line">The 1-based line of the reference.</param>
/// <param name="Reference">The reference as written.</param>
/// <param name="Value">The number, when it is one.</param>
/// <param name="Text">The value as shown in the rendered report (without the as-of note).</param>
/// <param name="Source">What it was read from (run id, experiment, metric definition).</param>
/// <param name="AsOf">When the value's data was last loaded or recorded, when known.</param>
/// <param name="DefinitionHash">The metric definition's SHA-256, for a metric.</param>
public sealed record LiveNumber(int Line, string Reference, double? Value, string Text, string Source, DateTimeOffset? AsOf, string? DefinitionHash);
