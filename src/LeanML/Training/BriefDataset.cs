namespace LeanML.Training;

/// <summary>The dataset part of a brief: the SQL giving one row per example, and which columns play which role.</summary>
/// <param name="Sql">A SELECT over the warehouse.</param>
/// <param name="Id">The row identifier (never a feature); rows are put in id order, the canonical order.</param>
/// <param name="Label">The label column.</param>
/// <param name="Time">Optional: the column to split by time.</param>
/// <param name="Exclude">Columns that are not features.</param>
/// <param name="Positive">Binary only: the label value that is the positive class (required for a text label other than yes/no, true/false).</param>
/// <param name="SplitSeed">dataset.split_seed: the seed of the split by id hash (default 0), separate from the training seed.</param>
public sealed record BriefDataset(string Sql, string? Id, string Label, string? Time, IReadOnlyList<string> Exclude, string? Positive = null, int SplitSeed = 0);
