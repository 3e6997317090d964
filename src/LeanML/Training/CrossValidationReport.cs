namespace LeanML.Training;

/// <summary>
/// k-fold cross-validation on the train and valid rows (<c>--cv K</c>): each row's fold from the hash of its id and the
/// split seed (<see cref="CrossValidationFolds"/>), not stratified; each fold's model has as many rounds as the final
/// model kept.
/// </summary>
/// <param name="K">The number of folds.</param>
/// <param name="Folds">Each fold's metrics.</param>
/// <param name="Mean">The mean of each metric over the folds.</param>
/// <param name="Std">The sample standard deviation of each metric over the folds (the spread).</param>
public sealed record CrossValidationReport(int K, IReadOnlyList<CrossValidationFold> Folds, SortedDictionary<string, double?> Mean, SortedDictionary<string, double?> Std);
