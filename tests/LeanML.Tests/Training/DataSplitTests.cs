using LeanML.Features;
using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class DataSplitTests
{
    [Theory]
    [InlineData("binary", 0)]
    [InlineData("multiclass", 0)]
    [InlineData("multiclass", 7)]
    [InlineData("regression", 3)]
    public void A_run_recorded_before_the_id_hash_keeps_its_seeded_stratified_split(string task, int seed)
    {
        // Classes first seen out of order (2, 0, 1) and of uneven sizes; a regression label of many values.
        var random = new Random(5);
        var labels = Enumerable.Range(0, 5_003).Select(i => task switch
        {
            "binary" => i % 7 == 0 ? 1f : 0f,
            "multiclass" => i == 0 ? 2f : random.Next(0, 10) switch { < 5 => 0f, < 8 => 1f, _ => 2f },
            _ => (float)random.NextDouble(),
        }).ToArray();
        var set = new TrainingSet(
            [new FeatureSpec("x", FeatureKind.Number, null, true)], [new float[labels.Length]], labels,
            task == "multiclass" ? ["a", "b", "c"] : null, new double[labels.Length], null, 0, 0, []);

        var split = DataSplit.Create(set, task, 0, legacySeed: seed);

        // The procedure as written for users of rerun (a split must not change between versions): group the rows by
        // class (all rows in one group for regression), groups in ascending class order, each group's rows ascending;
        // shuffle each group with one System.Random(seed); its first 64% train, next 16% valid, the rest test.
        var rng = new Random(seed);
        var part = new int[labels.Length];
        var groups = Enumerable.Range(0, labels.Length).GroupBy(r => task == "regression" ? 0f : labels[r]).OrderBy(g => g.Key);
        foreach (var g in groups)
        {
            var rows = g.Order().ToArray();
            rng.Shuffle(rows);
            var nTrain = (int)Math.Round(rows.Length * DataSplit.TrainShare);
            var nValid = (int)Math.Round(rows.Length * DataSplit.ValidShare);
            for (var i = 0; i < rows.Length; i++)
            {
                part[rows[i]] = i < nTrain ? 0 : i < nTrain + nValid ? 1 : 2;
            }
        }

        Assert.Equal(Enumerable.Range(0, labels.Length).Where(r => part[r] == 0), split.Train);
        Assert.Equal(Enumerable.Range(0, labels.Length).Where(r => part[r] == 1), split.Valid);
        Assert.Equal(Enumerable.Range(0, labels.Length).Where(r => part[r] == 2), split.Test);
    }
}
