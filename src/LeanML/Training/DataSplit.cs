using System.Globalization;

namespace LeanML.Training;

/// <summary>The rows of each split (indices into the <see cref="TrainingSet"/>) and how they were chosen.</summary>
/// <param name="Train">Rows the trees are grown on.</param>
/// <param name="Valid">Rows for early stopping.</param>
/// <param name="Test">Held-out rows every reported metric is computed on.</param>
/// <param name="Method">"time" or "stratified random" or "random".</param>
/// <param name="Description">One line for the user: sizes, and the date boundaries of a time split.</param>
public sealed record DataSplit(int[] Train, int[] Valid, int[] Test, string Method, string Description)
{
    /// <summary>Share of rows for training (the oldest with a time split).</summary>
    public const double TrainShare = 0.64;

    /// <summary>Share of rows for validation (early stopping).</summary>
    public const double ValidShare = 0.16;

    /// <summary>Splits by time when the set has one (oldest → train, newest → test), else stratified random by seed.</summary>
    public static DataSplit Create(TrainingSet set, string task, int seed)
    {
        if (set.Rows < 10)
        {
            throw new LeanMLInputException($"dataset.sql returned {set.Rows} usable rows; at least 10 are needed to train, validate and test.", field: "dataset.sql");
        }

        return set.Time is { } time ? ByTime(time) : Random(set, task, seed);
    }

    private static DataSplit ByTime(double[] time)
    {
        var order = Enumerable.Range(0, time.Length).OrderBy(i => time[i]).ThenBy(i => i).ToArray();
        var nTrain = (int)Math.Round(order.Length * TrainShare);
        var nValid = (int)Math.Round(order.Length * ValidShare);
        var train = order[..nTrain];
        var valid = order[nTrain..(nTrain + nValid)];
        var test = order[(nTrain + nValid)..];
        string Day(int row) => FeatureEncodingDate(time[row]);
        var description = $"time split: train {train.Length} rows ({Day(train[0])} to {Day(train[^1])}), valid {valid.Length} ({Day(valid[0])} to {Day(valid[^1])}), test {test.Length} ({Day(test[0])} to {Day(test[^1])})";
        return new DataSplit(train, valid, test, "time", description);
    }

    private static DataSplit Random(TrainingSet set, string task, int seed)
    {
        // System.Random with a seed is a fixed algorithm, so the same seed gives the same split on every machine.
        var rng = new Random(seed);
        var groups = task == "regression"
            ? [Enumerable.Range(0, set.Rows).ToArray()]
            : Enumerable.Range(0, set.Rows).GroupBy(i => set.Labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
        var train = new List<int>();
        var valid = new List<int>();
        var test = new List<int>();
        foreach (var group in groups)
        {
            rng.Shuffle(group);
            var nTrain = (int)Math.Round(group.Length * TrainShare);
            var nValid = (int)Math.Round(group.Length * ValidShare);
            train.AddRange(group[..nTrain]);
            valid.AddRange(group[nTrain..(nTrain + nValid)]);
            test.AddRange(group[(nTrain + nValid)..]);
        }

        train.Sort();
        valid.Sort();
        test.Sort();
        var method = task == "regression" ? "random" : "stratified random";
        return new DataSplit(train.ToArray(), valid.ToArray(), test.ToArray(), method,
            $"{method} split (seed {seed.ToString(CultureInfo.InvariantCulture)}): train {train.Count} rows, valid {valid.Count}, test {test.Count}");
    }

    private static string FeatureEncodingDate(double days) =>
        Features.FeatureEncoding.Epoch.AddDays(days).ToString(days % 1 == 0 ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
