using LeanML.Evaluation;

namespace LeanML.Monitoring;

/// <summary>Performance measured from predictions and their outcomes, with 95% intervals.</summary>
public static class RealisedPerformance
{
    /// <summary>Bootstrap resamples for the regression metrics' intervals.</summary>
    public const int BootstrapResamples = 400;

    /// <summary>
    /// Binary: AUC with its Hanley–McNeil interval, accuracy at 0.5 with its Wilson interval, and the counted confusion
    /// matrix.
    /// </summary>
    public static PerformanceFigures Binary(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        var n = labels.Count;
        if (n == 0)
        {
            return new PerformanceFigures { N = 0 };
        }

        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < n; i++)
        {
            var predicted = scores[i] >= 0.5;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }

        var auc = PerformanceStatistics.Auc(labels.ToArray(), scores.ToArray());
        var (aucLow, aucHigh) = PerformanceStatistics.HanleyMcNeil(auc, tp + fn, fp + tn);
        var (accLow, accHigh) = PerformanceStatistics.Wilson(tp + tn, n);
        return new PerformanceFigures
        {
            N = n,
            Auc = double.IsNaN(auc) ? null : auc,
            AucLow = double.IsNaN(aucLow) ? null : aucLow,
            AucHigh = double.IsNaN(aucHigh) ? null : aucHigh,
            Accuracy = (double)(tp + tn) / n,
            AccuracyLow = accLow,
            AccuracyHigh = accHigh,
            Confusion = new Confusion(tp, fp, fn, tn),
            Interval = "auc: Hanley–McNeil standard error; accuracy: Wilson score",
        };
    }

    /// <summary>Regression: RMSE and MAE, each with a seeded percentile-bootstrap interval.</summary>
    public static PerformanceFigures Regression(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        var n = actual.Count;
        if (n == 0)
        {
            return new PerformanceFigures { N = 0 };
        }

        var squared = new double[n];
        var absolute = new double[n];
        for (var i = 0; i < n; i++)
        {
            var e = actual[i] - predicted[i];
            squared[i] = e * e;
            absolute[i] = Math.Abs(e);
        }

        var random = new Random(seed);
        var rmses = new double[BootstrapResamples];
        var maes = new double[BootstrapResamples];
        for (var b = 0; b < BootstrapResamples; b++)
        {
            double s = 0, a = 0;
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                s += squared[k];
                a += absolute[k];
            }

            rmses[b] = Math.Sqrt(s / n);
            maes[b] = a / n;
        }

        Array.Sort(rmses);
        Array.Sort(maes);
        return new PerformanceFigures
        {
            N = n,
            Rmse = Math.Sqrt(squared.Average()),
            RmseLow = PerformanceStatistics.Quantile(rmses, 0.025),
            RmseHigh = PerformanceStatistics.Quantile(rmses, 0.975),
            Mae = absolute.Average(),
            MaeLow = PerformanceStatistics.Quantile(maes, 0.025),
            MaeHigh = PerformanceStatistics.Quantile(maes, 0.975),
            Interval = $"percentile bootstrap, {BootstrapResamples} resamples, seed {seed}",
        };
    }
}
