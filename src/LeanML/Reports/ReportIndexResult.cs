namespace LeanML.Reports;

/// <summary>What an incremental re-index of the reports did.</summary>
/// <param name="Added">Reports new to the index.</param>
/// <param name="Updated">Reports whose bytes changed.</param>
/// <param name="Removed">Reports whose file is gone.</param>
/// <param name="Unchanged">Reports whose hash matched.</param>
/// <param name="Skipped">Reports left out because their front matter is invalid (fix them: 'leanml report check').</param>
public sealed record ReportIndexResult(int Added, int Updated, int Removed, int Unchanged, IReadOnlyList<string> Skipped);
