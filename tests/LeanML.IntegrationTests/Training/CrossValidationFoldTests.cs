using System.Globalization;
using LeanML.Features;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Training;
using Xunit.Abstractions;

namespace LeanML.IntegrationTests.Training;

/// <summary>
/// The <c>--cv K</c> folds on the real Telco customers (7,043 ids, 26.5% churn): every row keeps its fold when
/// customers leave and new ones arrive, the folds are balanced and hold both classes, and a fold without a class is
/// bad input naming the fold and the class.
/// </summary>
public sealed class CrossValidationFoldTests(ITestOutputHelper output)
{
    private static (List<string> Ids, List<float> Labels) Telco()
    {
        var rows = File.ReadAllLines(Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        return (rows.Select(r => r[0]).ToList(), rows.Select(r => r[^1] == "Yes" ? 1f : 0f).ToList());
    }

    private static TrainingSet Set(IReadOnlyList<string> ids, IReadOnlyList<float> labels) =>
        new([new FeatureSpec("x", FeatureKind.Number, null, true)], [new float[ids.Count]], [.. labels], ["No", "Yes"], new double[ids.Count], null, 0, 0, [], ids.Select(SplitHash.OfId).ToArray());

    // The fold of each train or valid row, by id, as train --cv K assigns it.
    private static Dictionary<string, int> FoldById(IReadOnlyList<string> ids, IReadOnlyList<float> labels, int k)
    {
        var set = Set(ids, labels);
        var split = DataSplit.Create(set, "binary", 0);
        var pool = split.Train.Concat(split.Valid).ToArray();
        var folds = CrossValidationFolds.Assign(set, pool, "binary", 0, k);
        return pool.Select((r, i) => (ids[r], folds[i])).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public void Every_row_keeps_its_fold_when_rows_are_added_and_removed(int k)
    {
        var (ids, labels) = Telco();
        var before = FoldById(ids, labels, k);

        // Every 9th customer leaves, 1,000 new ones arrive (every 4th churns), and the rows come back in another order.
        var keep = Enumerable.Range(0, ids.Count).Where(i => i % 9 != 0).ToList();
        var newIds = Enumerable.Range(0, 1_000).Select(i => "NEW-" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var afterIds = keep.Select(i => ids[i]).Concat(newIds).Reverse().ToList();
        var afterLabels = keep.Select(i => labels[i]).Concat(newIds.Select((_, i) => i % 4 == 0 ? 1f : 0f)).Reverse().ToList();
        var after = FoldById(afterIds, afterLabels, k);

        var common = before.Keys.Intersect(after.Keys).ToList();
        Assert.True(common.Count > 4_500, $"{common.Count} rows in both");
        Assert.All(common, id => Assert.Equal(before[id], after[id]));
        Assert.Equal(k, before.Values.Distinct().Count());
        // The new rows are spread over every fold too.
        Assert.Equal(k, newIds.Where(after.ContainsKey).Select(id => after[id]).Distinct().Count());

        // Balance: the train and valid rows (≈ 5,634) spread about evenly: each fold within 5 standard deviations of
        // the binomial count n/k, and each fold's churn share within 5 points of the whole pool's.
        var label = ids.Select((id, i) => (id, labels[i])).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal);
        var n = before.Count;
        var share = before.Keys.Average(id => label[id]);
        var sd = Math.Sqrt(n * (1.0 / k) * (1 - (1.0 / k)));
        var lines = new List<string>();
        for (var f = 0; f < k; f++)
        {
            var rows = before.Where(x => x.Value == f).Select(x => x.Key).ToList();
            var churn = rows.Average(id => label[id]);
            lines.Add($"fold {f + 1}: {rows.Count} rows ({(rows.Count - ((double)n / k)) / sd:+0.0;-0.0} sd), churn {churn:P1}");
            Assert.InRange(rows.Count, (n / (double)k) - (5 * sd), (n / (double)k) + (5 * sd));
            Assert.InRange(churn, share - 0.05, share + 0.05);
        }

        output.WriteLine($"--cv {k} on Telco's {n} train and valid rows (churn {share:P1}): {string.Join("; ", lines)}");
    }

    [Fact]
    public void Folds_do_not_follow_the_split()
    {
        // The fold draw is its own hash stream: the valid rows (u in [0.64, 0.80)) spread over every fold, about a
        // fifth of each, rather than filling one fold.
        var (ids, labels) = Telco();
        var set = Set(ids, labels);
        var split = DataSplit.Create(set, "binary", 0);
        var pool = split.Train.Concat(split.Valid).ToArray();
        var folds = CrossValidationFolds.Assign(set, pool, "binary", 0, 5);
        for (var f = 0; f < 5; f++)
        {
            var inFold = Enumerable.Range(0, pool.Length).Where(i => folds[i] == f).ToList();
            var validShare = inFold.Count(i => i >= split.Train.Length) / (double)inFold.Count;
            Assert.InRange(validShare, 0.15, 0.25);
        }
    }

    [Fact]
    public void A_fold_without_a_class_is_bad_input_naming_the_fold_and_the_class()
    {
        // 200 Telco customers of whom only two churned: with 10 folds at least eight folds hold no churner.
        var (ids, _) = Telco();
        var few = ids.Take(200).ToList();
        var set = Set(few, few.Select((_, i) => i is 17 or 120 ? 1f : 0f).ToList());
        var pool = Enumerable.Range(0, few.Count).ToArray();
        var ex = Assert.Throws<LeanMLInputException>(() => CrossValidationFolds.Assign(set, pool, "binary", 0, 10, "projects/churn/project.yaml"));
        Assert.Equal("--cv", ex.Field);
        Assert.Equal("projects/churn/project.yaml", ex.File);
        Assert.Matches("^projects/churn/project.yaml: --cv 10: fold [0-9]+ \\([0-9]+ of 200 train and valid rows, .*\\) holds no row of the class 'Yes'", ex.Message);

        // Regression has no classes: the same rows fold without complaint.
        Assert.Equal(200, CrossValidationFolds.Assign(set, pool, "regression", 0, 10).Length);
    }
}
