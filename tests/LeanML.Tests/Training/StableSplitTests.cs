using LeanML.Features;
using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class StableSplitTests
{
    // README "Stable split" in Python, written apart from SplitHash: SplitMix64 and FNV-1a 64 of the UTF-8 id.
    private const string PythonHashes = """
        M = (1 << 64) - 1
        def mix(z):
            z = (z + 0x9E3779B97F4A7C15) & M
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
            return z ^ (z >> 31)
        def fnv(s):
            h = 0xCBF29CE484222325
            for b in s.encode("utf-8"):
                h = ((h ^ b) * 0x100000001B3) & M
            return h

        """;

    private static TrainingSet Set(IReadOnlyList<string> ids, Func<string, float> label, string task = "binary", IReadOnlyList<string>? classes = null) =>
        new(
            [new FeatureSpec("x", FeatureKind.Number, null, true)], [new float[ids.Count]], ids.Select(label).ToArray(),
            task == "regression" ? null : classes ?? ["0", "1"], new double[ids.Count], null, 0, 0, [], ids.Select(SplitHash.OfId).ToArray());

    private static Dictionary<string, int> PartById(IReadOnlyList<string> ids, DataSplit split)
    {
        var part = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rows, p) in new[] { (split.Train, 0), (split.Valid, 1), (split.Test, 2) })
        {
            foreach (var r in rows)
            {
                part[ids[r]] = p;
            }
        }

        return part;
    }

    private static float Label(string id) => id.GetHashCode(StringComparison.Ordinal) % 5 == 0 ? 1 : 0;

    [Fact]
    public void Adding_and_removing_rows_moves_no_other_row()
    {
        var before = Enumerable.Range(0, 5_000).Select(i => "cus_" + i).ToList();
        // Every 7th customer leaves, 1,500 new ones arrive, and the rows come back in another order.
        var after = before.Where((_, i) => i % 7 != 0).Concat(Enumerable.Range(10_000, 1_500).Select(i => "cus_" + i)).Reverse().ToList();
        var a = PartById(before, DataSplit.Create(Set(before, Label), "binary", 0));
        var b = PartById(after, DataSplit.Create(Set(after, Label), "binary", 0));
        var common = before.Intersect(after).ToList();
        Assert.True(common.Count > 4_000);
        Assert.All(common, id => Assert.Equal(a[id], b[id]));

        // Another split seed moves rows (a different split of the same rows), about 64/16/20 of them.
        var other = PartById(before, DataSplit.Create(Set(before, Label), "binary", 1));
        Assert.InRange(before.Count(id => other[id] != a[id]), 1_500, 3_000);
        Assert.InRange(a.Values.Count(p => p == 2), 900, 1_100);
        Assert.InRange(a.Values.Count(p => p == 0), 3_050, 3_350);
    }

    [Fact]
    public void The_hash_is_the_documented_fnv1a_and_splitmix64()
    {
        string[] ids = ["0", "42", "cus_NffrFeUfNV2Hib", "élan", "9007199254740993"];
        var seeds = new[] { 0, 7, -3 };
        // Independent: the procedure of README "Stable split" written in Python: FNV-1a 64 of the UTF-8 id, XOR
        // SplitMix64(seed as unsigned 32-bit), SplitMix64 again, top 53 bits / 2^53.
        var py = LeanML.Tests.Evaluation.PythonCheck.Run(PythonHashes + """
            for i in open("ids.txt", encoding="utf-8").read().split("\n"):
                for seed in (0, 7, -3):
                    print(repr((mix(fnv(i) ^ mix(seed & 0xFFFFFFFF)) >> 11) / 2.0**53))
            """,
            new Dictionary<string, string> { ["ids.txt"] = string.Join("\n", ids) });
        var k = 0;
        foreach (var id in ids)
        {
            foreach (var seed in seeds)
            {
                Assert.Equal(py[k++], SplitHash.Unit(SplitHash.OfId(id), seed));
            }
        }
    }

    [Fact]
    public void The_fold_is_the_documented_hash_stream_of_its_own()
    {
        string[] ids = ["0", "42", "7590-VHVEG", "cus_NffrFeUfNV2Hib", "élan", "9007199254740993"];
        // Independent: README "--cv K" in Python: as the split's u, with SplitMix64(2^32 + seed) as the seed key; the
        // fold is floor(v * K) for K = 5 and 10.
        var py = LeanML.Tests.Evaluation.PythonCheck.Run(PythonHashes + """
            for i in open("ids.txt", encoding="utf-8").read().split("\n"):
                for seed in (0, 7, -3):
                    v = (mix(fnv(i) ^ mix((1 << 32) | (seed & 0xFFFFFFFF))) >> 11) / 2.0**53
                    print(repr(v)); print(int(v * 5)); print(int(v * 10))
            """,
            new Dictionary<string, string> { ["ids.txt"] = string.Join("\n", ids) });
        var k = 0;
        foreach (var id in ids)
        {
            foreach (var seed in new[] { 0, 7, -3 })
            {
                var hash = SplitHash.OfId(id);
                Assert.Equal(py[k++], SplitHash.FoldUnit(hash, seed));
                Assert.Equal(py[k++], CrossValidationFolds.Of(hash, seed, 5));
                Assert.Equal(py[k++], CrossValidationFolds.Of(hash, seed, 10));
                Assert.NotEqual(SplitHash.Unit(hash, seed), SplitHash.FoldUnit(hash, seed));
            }
        }
    }

    [Fact]
    public void A_split_without_a_class_is_bad_input_naming_the_class_and_the_split_seed()
    {
        // One row of class 'c' among 40: it lands in one split, so two splits lack it.
        var ids = Enumerable.Range(0, 40).Select(i => "r" + i).ToList();
        var set = Set(ids, id => id == "r3" ? 2 : id.Length % 2, "multiclass", ["a", "b", "c"]);
        var ex = Assert.Throws<LeanMLInputException>(() => DataSplit.Create(set, "multiclass", 0, file: "projects/p/project.yaml"));
        Assert.Contains("'c'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dataset.split_seed", ex.Message, StringComparison.Ordinal);
        Assert.Equal("dataset.split_seed", ex.Field);
        Assert.Equal("projects/p/project.yaml", ex.File);
    }

    [Fact]
    public void A_regression_split_is_by_hash_too_and_a_set_without_ids_needs_one()
    {
        var ids = Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var split = DataSplit.Create(Set(ids, id => id.Length, "regression"), "regression", 0);
        Assert.Equal(DataSplit.IdHashMethod, split.Method);
        Assert.Equal(200, split.Train.Length + split.Valid.Length + split.Test.Length);

        var noIds = new TrainingSet([new FeatureSpec("x", FeatureKind.Number, null, true)], [new float[20]], new float[20], null, new double[20], null, 0, 0, []);
        var ex = Assert.Throws<LeanMLInputException>(() => DataSplit.Create(noIds, "regression", 0));
        Assert.Equal("dataset.id", ex.Field);
    }
}
