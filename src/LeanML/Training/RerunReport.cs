namespace LeanML.Training;

/// <summary>The outcome of re-running a run: the new run, whether the data is the same, and whether it reproduced.</summary>
/// <param name="OriginalRunId">The run re-run.</param>
/// <param name="Run">The new run's report.</param>
/// <param name="DataUnchanged">True when the data fingerprint matches the original's.</param>
/// <param name="DataChanges">What changed in the data (rows, columns), empty when unchanged.</param>
/// <param name="ModelIdentical">True when the new model's bytes equal the original's.</param>
/// <param name="MetricsEqual">True when every metric equals the original's.</param>
/// <param name="Reproduced">Data unchanged, model byte-identical and metrics equal.</param>
/// <param name="Summary">One sentence for the user.</param>
public sealed record RerunReport(string OriginalRunId, TrainingRunReport Run, bool DataUnchanged, IReadOnlyList<string> DataChanges, bool ModelIdentical, bool MetricsEqual, bool Reproduced, string Summary);
