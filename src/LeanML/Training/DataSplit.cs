using System.Globalization;

namespace LeanML.Training;

/// <summary>The rows of each split (indices into the <see cref="TrainingSet"/>) and how they were chosen.</summary>
/// <param name="Train">Rows the trees are grown on.</param>
/// <param name="Valid">Rows for early stopping.</param>
/// <param name="Test">Held-out rows every reported metric is computed on.</param>
/// <param name="Method">"id hash", "time", or (runs recorded before the id hash) "stratified random" or "random".</param>
/// <param name="Description">One line for the user: sizes, and the date boundaries of a time split.</param>
public sealed record DataSplit(int[] Train, int[] Valid, int[] Test, string Method, string Description)
{
    /// <summary>Share of rows for training (the oldest with a time split).</summary>
    public const double TrainShare = 0.64;

    /// <summary>Share of rows for validation (early stopping).</summary>
    public const double ValidShare = 0.16;

    /// <summary>The <see cref="Method"/> of the split by id hash.</summary>
    public const string IdHashMethod = "id hash";

    /// <summary>
    /// Splits by time when the set has one (oldest → train, newest → test), else by the hash of each row's id and the
    /// split seed (<see cref="SplitHash"/>): below 0.64 train, below 0.80 valid, else test. <paramref name="legacySeed"/>
    /// re-creates the seeded stratified shuffle of runs recorded before the id hash (their reruns stay byte for byte).
    /// </summary>
    public static DataSplit Create(TrainingSet set, string task, int splitSeed, int? legacySeed = null, string? file = null)
    {
        if (set.Rows < 10)
        {
            throw new LeanMLInputException($"dataset.sql returned {set.Rows} usable rows; at least 10 are needed to train, validate and test.", field: "dataset.sql");
        }

        if (set.Time is { } time)
        {
            return ByTime(time);
        }

        if (legacySeed is int seed)
        {
            return Random(set, task, seed);
        }

        var hashes = set.IdHashes ?? throw new LeanMLInputException("the brief names no dataset.id; the split is decided by each row's id. Add 'id: COLUMN' under dataset.", file, field: "dataset.id");
        return ByIdHash(set, task, hashes, splitSeed, file);
    }

    private static DataSplit ByIdHash(TrainingSet set, string task, ulong[] hashes, int splitSeed, string? file)
    {
        var part = new byte[set.Rows];
        var sizes = new int[3];
        for (var r = 0; r < part.Length; r++)
        {
            var u = SplitHash.Unit(hashes[r], splitSeed);
            part[r] = u < TrainShare ? (byte)0 : u < TrainShare + ValidShare ? (byte)1 : (byte)2;
            sizes[part[r]]++;
        }

        int[][] splits = [new int[sizes[0]], new int[sizes[1]], new int[sizes[2]]];
        Array.Clear(sizes);
        for (var r = 0; r < part.Length; r++)
        {
            splits[part[r]][sizes[part[r]]++] = r;
        }

        var (train, valid, test) = (splits[0], splits[1], splits[2]);
        if (task != "regression" && set.Classes is { } classes)
        {
            // The hash does not stratify: on a small set or with a rare class a split can miss a class, and then the
            // model cannot learn it or its metrics are undefined. Better to stop and say so.
            foreach (var (name, rows) in new[] { ("train", train), ("valid", valid), ("test", test) })
            {
                var seen = new bool[classes.Count];
                foreach (var r in rows)
                {
                    seen[(int)set.Labels[r]] = true;
                }

                var missing = Enumerable.Range(0, classes.Count).Where(c => !seen[c]).Select(c => $"'{classes[c]}'").ToList();
                if (missing.Count > 0)
                {
                    throw new LeanMLInputException(
                        $"the {name} rows ({rows.Length} of {set.Rows}, split by the hash of each id with split seed {splitSeed.ToString(CultureInfo.InvariantCulture)}) hold no row of the class {string.Join(", ", missing)}. " +
                        "Add rows of that class, or try another dataset.split_seed.",
                        file,
                        field: "dataset.split_seed");
                }
            }
        }

        return new DataSplit(train, valid, test, IdHashMethod,
            $"split by id hash (split seed {splitSeed.ToString(CultureInfo.InvariantCulture)}): train {train.Length} rows, valid {valid.Length}, test {test.Length}");
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
        // Each group (a class, or all rows for regression) holds its rows in ascending order before its shuffle.
        var rng = new Random(seed);
        // Rows by group, ascending within each. A classifier's labels are its class indexes (0..k-1), so a row's group
        // is its label, and the groups in ascending label order are the groups in index order.
        var regression = task == "regression";
        var labels = set.Labels;
        var groupCount = regression ? 1 : (int)labels.Max() + 1;
        var counts = new int[groupCount];
        for (var r = 0; r < labels.Length; r++)
        {
            counts[regression ? 0 : (int)labels[r]]++;
        }

        var groups = counts.Select(c => new int[c]).ToArray();
        var filled = new int[groupCount];
        for (var r = 0; r < labels.Length; r++)
        {
            var k = regression ? 0 : (int)labels[r];
            groups[k][filled[k]++] = r;
        }

        // Which split each row went to; reading it back in row order gives each split's rows in ascending order.
        var part = new byte[set.Rows];
        foreach (var group in groups)
        {
            rng.Shuffle(group);
            var nTrain = (int)Math.Round(group.Length * TrainShare);
            var nValid = (int)Math.Round(group.Length * ValidShare);
            for (var i = nTrain; i < group.Length; i++)
            {
                part[group[i]] = i < nTrain + nValid ? (byte)1 : (byte)2;
            }
        }

        var sizes = new int[3];
        foreach (var p in part)
        {
            sizes[p]++;
        }

        int[][] splits = [new int[sizes[0]], new int[sizes[1]], new int[sizes[2]]];
        Array.Clear(sizes);
        for (var r = 0; r < part.Length; r++)
        {
            splits[part[r]][sizes[part[r]]++] = r;
        }

        var (train, valid, test) = (splits[0], splits[1], splits[2]);
        var method = task == "regression" ? "random" : "stratified random";
        return new DataSplit(train, valid, test, method,
            $"{method} split (seed {seed.ToString(CultureInfo.InvariantCulture)}): train {train.Length} rows, valid {valid.Length}, test {test.Length}");
    }

    private static string FeatureEncodingDate(double days) =>
        Features.FeatureEncoding.Epoch.AddDays(days).ToString(days % 1 == 0 ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
