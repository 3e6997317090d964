namespace LeanML.Training;

/// <summary>One fold of k-fold cross-validation: trained on the other folds, scored on this one.</summary>
/// <param name="Fold">The fold number (1-based).</param>
/// <param name="TrainRows">Rows trained on.</param>
/// <param name="Rows">Rows of this fold, scored.</param>
/// <param name="Metrics">The model's metrics on this fold's rows (null where undefined).</param>
public sealed record CrossValidationFold(int Fold, int TrainRows, int Rows, SortedDictionary<string, double?> Metrics);
