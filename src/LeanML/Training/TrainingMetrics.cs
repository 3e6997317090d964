using System.Runtime.CompilerServices;

namespace LeanML.Training;

/// <summary>
/// The evaluation metrics, written to agree with scikit-learn's definitions (roc_auc_score, log_loss,
/// accuracy_score, f1_score, average_precision_score, mean_squared_error, mean_absolute_error, r2_score).
/// </summary>
public static class TrainingMetrics
{
    // Probabilities are clipped before the log, as scikit-learn does, so a 0/1 rule gets a large but finite loss.
    private const double LogLossEpsilon = 1e-15;

    /// <summary>All binary metrics of scores against 0/1 labels (accuracy and F1 at the 0.5 threshold).</summary>
    public static SortedDictionary<string, double> Binary(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int? precisionAtK)
    {
        // AUC and average precision only look at groups of equal scores, so one ascending sort serves both.
        var ascending = RadixSort.Order(scores);
        var m = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["auc"] = Auc(labels, scores, ascending),
            ["logloss"] = BinaryLogLoss(labels, scores),
            ["accuracy"] = BinaryAccuracy(labels, scores),
            ["f1"] = F1(labels, scores),
            ["average_precision"] = AveragePrecision(labels, scores, ascending),
        };
        if (precisionAtK is int k)
        {
            var (precision, recall) = AtK(labels, scores, k);
            m[$"precision_at_{k}"] = precision;
            m[$"recall_at_{k}"] = recall;
        }

        return m;
    }

    /// <summary>RMSE, MAE and R².</summary>
    public static SortedDictionary<string, double> Regression(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions) => new(StringComparer.Ordinal)
    {
        ["rmse"] = Rmse(labels, predictions),
        ["mae"] = Mae(labels, predictions),
        ["r2"] = R2(labels, predictions),
    };

    /// <summary>Accuracy, log loss and macro F1 of class probabilities (rows × classes, row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SortedDictionary<string, double> Multiclass(ReadOnlySpan<float> labels, ReadOnlySpan<double> probabilities, int classes)
    {
        var predicted = new int[labels.Length];
        double loss = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            predicted[i] = best;
            // log_loss normalises each row to sum to one before taking the log.
            double sum = 0;
            foreach (var p in row)
            {
                sum += p;
            }

            var pt = Math.Clamp(row[(int)labels[i]] / (sum > 0 ? sum : 1), LogLossEpsilon, 1 - LogLossEpsilon);
            loss -= Math.Log(pt);
        }

        var truth = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            truth[i] = (int)labels[i];
        }

        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = Accuracy(truth, predicted),
            ["logloss"] = loss / labels.Length,
            ["macro_f1"] = MacroF1(truth, predicted),
        };
    }

    /// <summary>Area under the ROC curve: the Mann–Whitney statistic with average ranks for ties.</summary>
    public static double Auc(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores) => Auc(labels, scores, RadixSort.Order(scores));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Auc(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int[] order)
    {
        var n = labels.Length;
        double positiveRankSum = 0;
        long positives = 0;
        var i = 0;
        while (i < n)
        {
            var j = i;
            while (j + 1 < n && scores[order[j + 1]].Equals(scores[order[i]]))
            {
                j++;
            }

            var averageRank = (i + j + 2) / 2.0; // 1-based ranks i+1..j+1
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]] > 0.5f)
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Mean negative log-likelihood of the 0/1 labels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryLogLoss(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(scores[i], LogLossEpsilon, 1 - LogLossEpsilon);
            sum -= labels[i] > 0.5f ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / labels.Length;
    }

    /// <summary>Share of rows where (score ≥ 0.5) equals the label.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BinaryAccuracy(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores)
    {
        long right = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if ((scores[i] >= 0.5) == (labels[i] > 0.5f))
            {
                right++;
            }
        }

        return (double)right / labels.Length;
    }

    /// <summary>F1 of the positive class at the 0.5 threshold (0 when there are no true positives).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double F1(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores)
    {
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = scores[i] >= 0.5;
            var actual = labels[i] > 0.5f;
            if (predicted && actual)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
            }
            else if (actual)
            {
                fn++;
            }
        }

        return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
    }

    /// <summary>Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ over descending distinct thresholds (scikit-learn's definition).</summary>
    public static double AveragePrecision(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores) => AveragePrecision(labels, scores, RadixSort.Order(scores));

    // Walks the ascending order from its end: the same groups of equal scores, from the highest threshold down.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double AveragePrecision(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int[] ascending)
    {
        var n = labels.Length;
        long totalPositives = 0;
        foreach (var l in labels)
        {
            if (l > 0.5f)
            {
                totalPositives++;
            }
        }

        if (totalPositives == 0)
        {
            return double.NaN;
        }

        double ap = 0, previousRecall = 0;
        long tp = 0, seen = 0;
        var i = n - 1;
        while (i >= 0)
        {
            var j = i;
            // Equals, not ==: NaN == NaN is false, and a group of NaN scores never ended this loop (eta=NaN spun forever).
            while (j >= 0 && scores[ascending[j]].Equals(scores[ascending[i]]))
            {
                if (labels[ascending[j]] > 0.5f)
                {
                    tp++;
                }

                seen++;
                j--;
            }

            var recall = (double)tp / totalPositives;
            var precision = (double)tp / seen;
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
            i = j;
        }

        return ap;
    }

    /// <summary>Precision at k: the expected share of positives among the k highest scores (see <see cref="AtK"/>).</summary>
    public static double PrecisionAtK(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int k) => AtK(labels, scores, k).Precision;

    /// <summary>Recall at k: the expected share of all positives found among the k highest scores (see <see cref="AtK"/>).</summary>
    public static double RecallAtK(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int k) => AtK(labels, scores, k).Recall;

    /// <summary>
    /// Precision and recall among the k highest scores (k capped at the row count), as expected values over the tied
    /// block at the cut: when the cut falls inside a group of equal scores, each of its rows is taken with the same
    /// chance, so the block counts (rows taken from it) × (its positives) / (its rows). Breaking the tie by row order
    /// instead let a 0/1 rule score 1.000 on a file sorted by outcome.
    /// </summary>
    public static (double Precision, double Recall) AtK(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int k)
    {
        var order = RadixSort.Order(scores, descending: true);
        var take = Math.Min(k, labels.Length);
        long totalPositives = 0;
        foreach (var l in labels)
        {
            if (l > 0.5f)
            {
                totalPositives++;
            }
        }

        if (take <= 0)
        {
            return (double.NaN, double.NaN);
        }

        double expected = 0;
        var i = 0;
        while (i < take)
        {
            // The group of equal scores starting at i (NaN equals NaN here, so the walk always moves on).
            var j = i;
            long positives = 0;
            while (j < order.Length && scores[order[j]].Equals(scores[order[i]]))
            {
                if (labels[order[j]] > 0.5f)
                {
                    positives++;
                }

                j++;
            }

            var taken = Math.Min(j, take) - i;
            expected += (double)positives * taken / (j - i);
            i = j;
        }

        return (expected / take, totalPositives == 0 ? double.NaN : expected / totalPositives);
    }

    /// <summary>Root mean squared error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Rmse(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var d = labels[i] - predictions[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / labels.Length);
    }

    /// <summary>Mean absolute error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Mae(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            sum += Math.Abs(labels[i] - predictions[i]);
        }

        return sum / labels.Length;
    }

    /// <summary>Coefficient of determination: 1 − SS_res / SS_tot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double R2(ReadOnlySpan<float> labels, ReadOnlySpan<double> predictions)
    {
        double mean = 0;
        foreach (var l in labels)
        {
            mean += l;
        }

        mean /= labels.Length;
        double res = 0, tot = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            res += (labels[i] - predictions[i]) * (labels[i] - predictions[i]);
            tot += (labels[i] - mean) * (labels[i] - mean);
        }

        return tot == 0 ? double.NaN : 1 - (res / tot);
    }

    /// <summary>Share of equal class indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        long right = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            if (truth[i] == predicted[i])
            {
                right++;
            }
        }

        return (double)right / truth.Length;
    }

    /// <summary>Unweighted mean of per-class F1 over the classes present in truth or predictions (0 for an undefined F1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MacroF1(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        var classes = new SortedSet<int>();
        foreach (var t in truth)
        {
            classes.Add(t);
        }

        foreach (var p in predicted)
        {
            classes.Add(p);
        }

        double sum = 0;
        foreach (var c in classes)
        {
            long tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < truth.Length; i++)
            {
                if (predicted[i] == c && truth[i] == c)
                {
                    tp++;
                }
                else if (predicted[i] == c)
                {
                    fp++;
                }
                else if (truth[i] == c)
                {
                    fn++;
                }
            }

            sum += tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        }

        return sum / classes.Count;
    }
}
