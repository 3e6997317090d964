namespace LeanML.Explanations;

/// <summary>What an explain run did.</summary>
/// <param name="Project">The project.</param>
/// <param name="RunId">The run whose model explained.</param>
/// <param name="Input">The input table, file or query.</param>
/// <param name="Output">The output file, or null when written to the caller's stream.</param>
/// <param name="Rows">Rows explained.</param>
/// <param name="Rejected">Rows that could not be encoded (a wrong type, an invalid value), skipped.</param>
/// <param name="FirstReject">The first rejected row's line or row, field and reason, when any.</param>
/// <param name="IgnoredColumns">Input columns that are neither features nor the id.</param>
/// <param name="Seconds">Elapsed time.</param>
public sealed record ExplainResult(string Project, string RunId, string Input, string? Output, long Rows, long Rejected, string? FirstReject, IReadOnlyList<string> IgnoredColumns, double Seconds);
