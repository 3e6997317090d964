using System.Globalization;

namespace LeanML.Training;

/// <summary>
/// The fold of each train and valid row for <c>--cv K</c>: floor(u × K) of the row's own uniform draw
/// (<see cref="SplitHash.FoldUnit"/>), so adding, removing or updating rows never moves another row to another fold.
/// The folds are not stratified (neither is the split); a fold without a class is bad input naming it.
/// </summary>
public static class CrossValidationFolds
{
    /// <summary>The fold (0 to k − 1) of a row with this id hash under this split seed.</summary>
    public static int Of(ulong idHash, int splitSeed, int k) => Math.Min(k - 1, (int)(SplitHash.FoldUnit(idHash, splitSeed) * k));

    /// <summary>
    /// The fold of each row of <paramref name="pool"/> (same order). A set without ids (a time split) takes the row's
    /// index as its id. Throws when a fold is empty or, for a classifier, holds no row of a class.
    /// </summary>
    public static int[] Assign(TrainingSet set, IReadOnlyList<int> pool, string task, int splitSeed, int k, string? file = null)
    {
        var folds = new int[pool.Count];
        var sizes = new int[k];
        for (var i = 0; i < folds.Length; i++)
        {
            var row = pool[i];
            folds[i] = Of(set.IdHashes is { } hashes ? hashes[row] : (ulong)row, splitSeed, k);
            sizes[folds[i]]++;
        }

        var seed = splitSeed.ToString(CultureInfo.InvariantCulture);
        for (var f = 0; f < k; f++)
        {
            if (sizes[f] == 0 || sizes[f] == pool.Count)
            {
                throw new LeanMLInputException(
                    $"--cv {k} leaves fold {f + 1} {(sizes[f] == 0 ? "without rows" : "with every row")} ({pool.Count} train and valid rows, folds by the hash of each id with split seed {seed}); use fewer folds.",
                    file,
                    field: "--cv");
            }
        }

        if (task != "regression" && set.Classes is { } classes)
        {
            // Each fold's rows are scored by a model trained on the others: a fold that misses a class has undefined
            // metrics (AUC of one class) and its model was trained without the class missing from the others.
            var seen = new bool[k, classes.Count];
            for (var i = 0; i < folds.Length; i++)
            {
                seen[folds[i], (int)set.Labels[pool[i]]] = true;
            }

            for (var f = 0; f < k; f++)
            {
                var missing = Enumerable.Range(0, classes.Count).Where(c => !seen[f, c]).Select(c => $"'{classes[c]}'").ToList();
                if (missing.Count > 0)
                {
                    throw new LeanMLInputException(
                        $"--cv {k}: fold {f + 1} ({sizes[f]} of {pool.Count} train and valid rows, folds by the hash of each id with split seed {seed}) holds no row of the class {string.Join(", ", missing)}. " +
                        "Use fewer folds, add rows of that class, or try another dataset.split_seed.",
                        file,
                        field: "--cv");
                }
            }
        }

        return folds;
    }
}
