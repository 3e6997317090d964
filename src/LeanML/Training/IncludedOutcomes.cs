namespace LeanML.Training;

/// <summary>
/// What <c>leanml train --include-outcomes</c> added: labelled live predictions (their logged inputs with the outcome as
/// label) appended to the train and valid rows, never to the test rows, and what it left out and why.
/// </summary>
/// <param name="Labelled">Labelled predictions found (the outcome arrived within the horizon), logged and batch.</param>
/// <param name="Added">Live rows added to the training data.</param>
/// <param name="Train">Of those, rows added to the train part.</param>
/// <param name="Valid">Of those, rows added to the valid part (early stopping).</param>
/// <param name="InDataset">Labelled rows whose id is already in the dataset: the dataset's row is kept, the live one left out.</param>
/// <param name="Repeated">Earlier predictions of a row added with a later one (one live row per id: the latest prediction).</param>
/// <param name="WithoutInputs">Labelled batch predictions, whose inputs are not kept.</param>
/// <param name="Unusable">Labelled predictions whose label is not a class of the dataset or whose inputs do not fit its features.</param>
/// <param name="UnseenCategories">Category values of the added rows that the dataset does not have, trained as missing.</param>
public sealed record IncludedOutcomes(long Labelled, int Added, int Train, int Valid, long InDataset, long Repeated, long WithoutInputs, long Unusable, long UnseenCategories);
