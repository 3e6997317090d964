using LeanML.Evaluation;

namespace LeanML.Monitoring;

/// <summary>
/// Confidence-based performance estimation (NannyML's CBPE): with calibrated probabilities p, the label of each row is
/// a Bernoulli(p) draw, so the expected confusion matrix, accuracy and ROC AUC follow from the scores alone, before any
/// outcome arrives. The intervals are where the realised figure falls with 95% probability when the model is calibrated.
/// </summary>
public static class Cbpe
{
    /// <summary>Label draws used for the AUC's interval.</summary>
    public const int Simulations = 400;

    /// <summary>
    /// Estimates performance at the 0.5 threshold from probabilities. Accuracy: the mean of q = p (score ≥ 0.5) or 1 − p,
    /// interval ± z·√(Σq(1−q))/n (a sum of independent Bernoullis, normal approximation). AUC: the area under the
    /// expected ROC curve (expected TP and FP counts per threshold, NannyML's estimator); interval: the 2.5% and 97.5%
    /// quantiles of the realised AUC over <see cref="Simulations"/> seeded label draws.
    /// </summary>
    public static PerformanceFigures Estimate(IReadOnlyList<double> probabilities, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var n = probabilities.Count;
        if (n == 0)
        {
            return new PerformanceFigures { N = 0 };
        }

        double tp = 0, fp = 0, fn = 0, tn = 0, right = 0, variance = 0;
        foreach (var p in probabilities)
        {
            var q = p >= 0.5 ? p : 1 - p;
            right += q;
            variance += q * (1 - q);
            if (p >= 0.5)
            {
                tp += p;
                fp += 1 - p;
            }
            else
            {
                fn += p;
                tn += 1 - p;
            }
        }

        var accuracy = right / n;
        var half = PerformanceStatistics.Z95 * Math.Sqrt(variance) / n;
        var (auc, low, high) = ExpectedAuc(probabilities, seed);
        return new PerformanceFigures
        {
            N = n,
            Accuracy = accuracy,
            AccuracyLow = Math.Max(0, accuracy - half),
            AccuracyHigh = Math.Min(1, accuracy + half),
            Auc = double.IsNaN(auc) ? null : auc,
            AucLow = double.IsNaN(low) ? null : low,
            AucHigh = double.IsNaN(high) ? null : high,
            Confusion = new Confusion(tp, fp, fn, tn),
            Interval = $"CBPE: accuracy normal approximation of a sum of Bernoullis; auc quantiles of {Simulations} simulated label draws",
        };
    }

    /// <summary>The expected ROC AUC and its simulated 95% interval.</summary>
    internal static (double Auc, double Low, double High) ExpectedAuc(IReadOnlyList<double> probabilities, int seed)
    {
        var n = probabilities.Count;
        var keys = probabilities.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);

        // Expected curve: walk thresholds from the highest score down; each group of tied scores moves the point by its
        // expected positives (Σp) and negatives (Σ(1−p)); trapezoids give ties half credit, as the realised AUC does.
        double totalPositive = 0;
        foreach (var p in keys)
        {
            totalPositive += p;
        }

        var totalNegative = n - totalPositive;
        if (totalPositive <= 0 || totalNegative <= 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double area = 0, tpr = 0, fpr = 0;
        var i2 = n - 1;
        while (i2 >= 0)
        {
            var j = i2;
            double pos = 0, neg = 0;
            while (j >= 0 && keys[j].Equals(keys[i2]))
            {
                pos += keys[j];
                neg += 1 - keys[j];
                j--;
            }

            var nextTpr = tpr + (pos / totalPositive);
            var nextFpr = fpr + (neg / totalNegative);
            area += (nextFpr - fpr) * (tpr + nextTpr) / 2;
            tpr = nextTpr;
            fpr = nextFpr;
            i2 = j;
        }

        var random = new Random(seed);
        var labels = new bool[n];
        var draws = new List<double>(Simulations);
        for (var s = 0; s < Simulations; s++)
        {
            for (var k = 0; k < n; k++)
            {
                labels[k] = random.NextDouble() < probabilities[k];
            }

            var auc = PerformanceStatistics.Auc(labels, keys, order);
            if (!double.IsNaN(auc))
            {
                draws.Add(auc);
            }
        }

        if (draws.Count < Simulations / 2)
        {
            return (area, double.NaN, double.NaN);
        }

        draws.Sort();
        var sorted = draws.ToArray();
        return (area, PerformanceStatistics.Quantile(sorted, 0.025), PerformanceStatistics.Quantile(sorted, 0.975));
    }
}
