using LeanML.Evaluation;

namespace LeanML.Tests.Evaluation;

public sealed class BootstrapTests
{
    private const int Resamples = 200;

    // 400 held-out rows, 30% positive; model scores on a 0.01 grid (so there are ties), a 0/1 rule.
    private static (float[] Labels, double[] Model, double[] Rule) Binary(int rows = 400, int seed = 3)
    {
        var rng = new Random(seed);
        var labels = new float[rows];
        var model = new double[rows];
        var rule = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var signal = rng.NextDouble();
            labels[i] = rng.NextDouble() < 0.1 + (0.4 * signal) ? 1 : 0;
            model[i] = Math.Clamp(Math.Round(signal + (0.3 * (rng.NextDouble() - 0.5)), 2), 0.01, 0.99);
            rule[i] = signal + (0.8 * (rng.NextDouble() - 0.5)) > 0.5 ? 1 : 0;
        }

        return (labels, model, rule);
    }

    // Each resample's row counts, one line per resample (the indices numpy expands with np.repeat).
    private static string CountsFile(int[] strata, int resamples, int seed)
    {
        var groups = Bootstrap.Groups(strata);
        var counts = new int[strata.Length];
        var lines = new List<string>();
        for (var b = 0; b < resamples; b++)
        {
            Bootstrap.Counts(groups, seed, b, counts);
            lines.Add(string.Join(' ', counts));
        }

        return string.Join('\n', lines);
    }

    [Fact]
    public void Binary_intervals_and_the_paired_lift_match_scikit_learn_on_the_same_resample_indices()
    {
        var (labels, model, rule) = Binary();
        var strata = Array.ConvertAll(labels, l => (int)l);
        var sets = new IWeightedMetrics[] { new BinaryWeightedMetrics(labels, model), new BinaryWeightedMetrics(labels, rule, withLogLoss: false) };
        var result = Bootstrap.Run(strata, sets, Resamples, seed: 11);

        // Independent: scikit-learn 1.2.1 metrics on the rows np.repeat(arange(n), counts) of each resample, and
        // numpy.percentile's 2.5th and 97.5th percentiles of them.
        var py = PythonCheck.Run("""
            import numpy as np
            from sklearn.metrics import roc_auc_score, log_loss, accuracy_score, f1_score, average_precision_score
            y = np.loadtxt("y.txt"); m = np.loadtxt("m.txt"); r = np.loadtxt("r.txt"); C = np.loadtxt("counts.txt", dtype=int)
            rows = []
            for c in C:
                i = np.repeat(np.arange(len(y)), c)
                yy, mm, rr = y[i], m[i], r[i]
                rows.append([roc_auc_score(yy, mm), log_loss(yy, mm), accuracy_score(yy, mm >= 0.5), f1_score(yy, mm >= 0.5),
                             average_precision_score(yy, mm), roc_auc_score(yy, rr), roc_auc_score(yy, mm) - roc_auc_score(yy, rr)])
            a = np.array(rows)
            for j in range(a.shape[1]):
                print(*np.percentile(a[:, j], [2.5, 97.5]))
            print(*a[:, 0])
            """,
            new Dictionary<string, string>
            {
                ["y.txt"] = PythonCheck.Lines(labels),
                ["m.txt"] = PythonCheck.Lines(model),
                ["r.txt"] = PythonCheck.Lines(rule),
                ["counts.txt"] = CountsFile(strata, Resamples, 11),
            });

        string[] modelMetrics = ["auc", "logloss", "accuracy", "f1", "average_precision"];
        for (var j = 0; j < modelMetrics.Length; j++)
        {
            var interval = result.Interval(0, modelMetrics[j]);
            Assert.True(Math.Abs(py[2 * j] - interval.Low) < 1e-10 && Math.Abs(py[(2 * j) + 1] - interval.High) < 1e-10, $"{modelMetrics[j]}: ({interval.Low}, {interval.High}) here, ({py[2 * j]}, {py[(2 * j) + 1]}) in scikit-learn");
        }

        var ruleAuc = result.Interval(1, "auc");
        Assert.Equal(py[10], ruleAuc.Low, 10);
        Assert.Equal(py[11], ruleAuc.High, 10);
        var lift = result.PairedDifference(0, 1, "auc", lowerIsBetter: false);
        Assert.Equal(py[12], lift.Low, 10);
        Assert.Equal(py[13], lift.High, 10);
        // Every resample's AUC, not only the percentiles.
        var perResample = result.Of(0, "auc")!;
        for (var b = 0; b < Resamples; b++)
        {
            Assert.Equal(py[14 + b], perResample[b], 12);
        }

        Assert.True(double.IsNaN(result.Interval(1, "logloss").Low), "a 0/1 rule has no log loss interval");
    }

    [Fact]
    public void Regression_and_multiclass_intervals_match_scikit_learn_on_the_same_resample_indices()
    {
        var rng = new Random(9);
        var n = 300;
        var y = Enumerable.Range(0, n).Select(_ => (float)Math.Round(rng.NextDouble() * 10, 3)).ToArray();
        var p = y.Select(v => v + ((rng.NextDouble() - 0.5) * 3)).ToArray();
        var classes = Enumerable.Range(0, n).Select(_ => (float)rng.Next(0, 3)).ToArray();
        var probabilities = new double[n * 3];
        for (var i = 0; i < n; i++)
        {
            var raw = Enumerable.Range(0, 3).Select(c => rng.NextDouble() + (c == (int)classes[i] ? 0.6 : 0)).ToArray();
            for (var c = 0; c < 3; c++)
            {
                probabilities[(i * 3) + c] = raw[c] / raw.Sum();
            }
        }

        var regression = Bootstrap.Run(new int[n], [new RegressionWeightedMetrics(y, p)], Resamples, seed: 4);
        var multiclassStrata = Array.ConvertAll(classes, c => (int)c);
        var multiclass = Bootstrap.Run(multiclassStrata, [new MulticlassWeightedMetrics(classes, probabilities, 3)], Resamples, seed: 4);

        // Independent: scikit-learn 1.2.1 mean_squared_error (squared=False), mean_absolute_error, r2_score;
        // accuracy_score, log_loss(labels=[0,1,2]), f1_score(average="macro") on np.repeat rows; numpy.percentile.
        var py = PythonCheck.Run("""
            import numpy as np
            from sklearn.metrics import mean_squared_error, mean_absolute_error, r2_score, accuracy_score, log_loss, f1_score
            y = np.loadtxt("y.txt"); p = np.loadtxt("p.txt"); R = np.loadtxt("rc.txt", dtype=int)
            k = np.loadtxt("k.txt"); P = np.loadtxt("probs.txt").reshape(-1, 3); M = np.loadtxt("mc.txt", dtype=int)
            a = []
            for c in R:
                i = np.repeat(np.arange(len(y)), c)
                a.append([mean_squared_error(y[i], p[i], squared=False), mean_absolute_error(y[i], p[i]), r2_score(y[i], p[i])])
            b = []
            for c in M:
                i = np.repeat(np.arange(len(k)), c)
                pred = P[i].argmax(axis=1)
                b.append([accuracy_score(k[i], pred), log_loss(k[i], P[i], labels=[0, 1, 2]), f1_score(k[i], pred, average="macro")])
            for arr in (np.array(a), np.array(b)):
                for j in range(3):
                    print(*np.percentile(arr[:, j], [2.5, 97.5]))
            """,
            new Dictionary<string, string>
            {
                ["y.txt"] = PythonCheck.Lines(y.Select(v => (double)v)),
                ["p.txt"] = PythonCheck.Lines(p),
                ["rc.txt"] = CountsFile(new int[n], Resamples, 4),
                ["k.txt"] = PythonCheck.Lines(classes),
                ["probs.txt"] = PythonCheck.Lines(probabilities),
                ["mc.txt"] = CountsFile(multiclassStrata, Resamples, 4),
            });

        string[] r = ["rmse", "mae", "r2"];
        string[] m = ["accuracy", "logloss", "macro_f1"];
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(py[2 * j], regression.Interval(0, r[j]).Low, 9);
            Assert.Equal(py[(2 * j) + 1], regression.Interval(0, r[j]).High, 9);
            Assert.Equal(py[6 + (2 * j)], multiclass.Interval(0, m[j]).Low, 9);
            Assert.Equal(py[7 + (2 * j)], multiclass.Interval(0, m[j]).High, 9);
        }
    }

    [Fact]
    public void The_auc_interval_agrees_with_delong_within_0_01()
    {
        var (labels, model, _) = Binary(rows: 3000, seed: 21);
        var result = Bootstrap.Run(Array.ConvertAll(labels, l => (int)l), [new BinaryWeightedMetrics(labels, model)], Bootstrap.DefaultResamples, seed: 0);
        var interval = result.Interval(0, "auc");

        // Independent: DeLong et al. (1988) variance of the AUC from the structural components (mid-ranks for
        // ties), interval AUC ± 1.959964 × SE, in numpy/scipy.
        var py = PythonCheck.Run("""
            import numpy as np
            from scipy.stats import rankdata
            y = np.loadtxt("y.txt") > 0.5; s = np.loadtxt("s.txt")
            x, z = s[y], s[~y]; m, n = len(x), len(z)
            tx, tz, t = rankdata(x), rankdata(z), rankdata(np.concatenate([x, z]))
            auc = (t[:m].sum() - m * (m + 1) / 2) / (m * n)
            v10 = (t[:m] - tx) / n; v01 = 1 - (t[m:] - tz) / m
            se = np.sqrt(np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n)
            print(auc - 1.959964 * se, auc + 1.959964 * se)
            """,
            new Dictionary<string, string> { ["y.txt"] = PythonCheck.Lines(labels), ["s.txt"] = PythonCheck.Lines(model) });

        Assert.InRange(interval.Low - py[0], -0.01, 0.01);
        Assert.InRange(interval.High - py[1], -0.01, 0.01);
        Assert.True(interval.High - interval.Low > 0.02, "an interval on 3,000 rows has a width");
    }

    [Fact]
    public void Each_resample_keeps_every_class_size_and_the_same_seed_gives_the_same_interval_on_any_thread_count()
    {
        var (labels, model, _) = Binary();
        var strata = Array.ConvertAll(labels, l => (int)l);
        var groups = Bootstrap.Groups(strata);
        var counts = new int[labels.Length];
        for (var b = 0; b < 20; b++)
        {
            Bootstrap.Counts(groups, 5, b, counts);
            Assert.Equal(strata.Count(s => s == 1), Enumerable.Range(0, counts.Length).Where(i => strata[i] == 1).Sum(i => counts[i]));
            Assert.Equal(strata.Count(s => s == 0), Enumerable.Range(0, counts.Length).Where(i => strata[i] == 0).Sum(i => counts[i]));
        }

        var one = Bootstrap.Run(strata, [new BinaryWeightedMetrics(labels, model)], 300, seed: 5, threads: 1).Interval(0, "auc");
        var two = Bootstrap.Run(strata, [new BinaryWeightedMetrics(labels, model)], 300, seed: 5, threads: 2).Interval(0, "auc");
        var other = Bootstrap.Run(strata, [new BinaryWeightedMetrics(labels, model)], 300, seed: 6, threads: 2).Interval(0, "auc");
        Assert.Equal(one, two);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public void Rows_given_in_the_model_score_order_draw_the_same_resamples_and_give_the_same_metrics()
    {
        // As train runs it (Bootstrap.RunInOrder): the sets built on the rows in ascending model score (ties in row order), the resamples
        // drawn on the original numbering. Every resample's every metric equals the load-order run's, which the test
        // above checks against scikit-learn on the same resample indices (log loss sums in another order: 1e-12).
        var (labels, model, rule) = Binary(rows: 1000, seed: 8);
        var strata = Array.ConvertAll(labels, l => (int)l);
        var order = Enumerable.Range(0, labels.Length).OrderBy(i => model[i]).ThenBy(i => i).ToArray();
        float[] sortedLabels = [.. order.Select(i => labels[i])];
        var byScore = Bootstrap.RunInOrder(strata,
            [new BinaryWeightedMetrics(sortedLabels, [.. order.Select(i => model[i])], 20), new BinaryWeightedMetrics(sortedLabels, [.. order.Select(i => rule[i])], 20, withLogLoss: false)],
            order, Resamples, seed: 3);
        var byLoad = Bootstrap.Run(strata, [new BinaryWeightedMetrics(labels, model, 20), new BinaryWeightedMetrics(labels, rule, 20, withLogLoss: false)], Resamples, seed: 3);
        var names = new BinaryWeightedMetrics(labels, model, 20).Names;
        for (var set = 0; set < 2; set++)
        {
            for (var m = 0; m < names.Count; m++)
            {
                for (var b = 0; b < Resamples; b++)
                {
                    var (x, y) = (byScore.Values[set][m][b], byLoad.Values[set][m][b]);
                    Assert.True(names[m] == "logloss" ? Math.Abs(x - y) <= 1e-12 || (double.IsNaN(x) && double.IsNaN(y)) : x.Equals(y), $"set {set} {names[m]} resample {b}: {x:R} vs {y:R}");
                }
            }
        }

        // The orders differ (the test is not comparing a run with itself), and the rule's AUC is not constant.
        Assert.False(order.SequenceEqual(Enumerable.Range(0, labels.Length)));
        Assert.True(byLoad.Values[1][0].Distinct().Count() > 50);
        Assert.Throws<ArgumentException>(() => Bootstrap.RunInOrder(strata, [new BinaryWeightedMetrics(labels, model)], order[1..], 10));
    }
}
