namespace LeanML.Training;

/// <summary>What the data looked like: counts, the split and the fingerprint.</summary>
/// <param name="Rows">Rows used (after dropping NULL labels).</param>
/// <param name="Features">Feature names in model order.</param>
/// <param name="DroppedMissingLabel">Rows dropped for a NULL label.</param>
/// <param name="BaselineNulls">Rows where the business rule was NULL (scored as the naive baseline).</param>
/// <param name="Split">The split, in one line.</param>
/// <param name="TrainRows">Training rows.</param>
/// <param name="ValidRows">Validation rows.</param>
/// <param name="TestRows">Test rows.</param>
/// <param name="Fingerprint">SHA-256 of the matrix and labels in canonical order.</param>
/// <param name="SplitMethod">"id hash" or "time"; null in runs recorded before the id hash (a seeded stratified shuffle, kept for their reruns).</param>
/// <param name="SplitSeed">dataset.split_seed of an id-hash split.</param>
/// <param name="Outcomes">With --include-outcomes: the labelled live rows added to train and valid (counted in the rows above), and those left out.</param>
public sealed record TrainingDataSummary(int Rows, IReadOnlyList<string> Features, int DroppedMissingLabel, int BaselineNulls, string Split, int TrainRows, int ValidRows, int TestRows, string Fingerprint, string? SplitMethod = null, int? SplitSeed = null, IncludedOutcomes? Outcomes = null);
