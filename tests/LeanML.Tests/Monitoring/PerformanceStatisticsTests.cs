using LeanML.Monitoring;

namespace LeanML.Tests.Monitoring;

/// <summary>The interval formulas and CBPE's estimators against values computed independently in Python (numpy, scipy, scikit-learn).</summary>
public sealed class PerformanceStatisticsTests
{
    private static readonly double[] Scores = [0.1, 0.35, 0.4, 0.8, 0.65, 0.9, 0.2, 0.55, 0.7, 0.3, 0.4, 0.8];
    private static readonly bool[] Labels = [false, false, true, true, false, true, false, true, true, false, false, true];

    [Fact]
    public void Auc_with_ties_matches_scikit_learn()
    {
        // sklearn.metrics.roc_auc_score(y, s) on the arrays above
        Assert.Equal(0.9305555555555556, PerformanceStatistics.Auc(Labels, Scores), 12);
    }

    [Fact]
    public void Wilson_interval_matches_its_formula_in_scipy()
    {
        // p=37/120; z=scipy.stats.norm.ppf(0.975); c=(p+z*z/(2n))/(1+z*z/n); h=z*sqrt(p(1-p)/n+z*z/(4n^2))/(1+z*z/n); c-h, c+h
        var (low, high) = PerformanceStatistics.Wilson(37, 120);
        Assert.Equal(0.23272736988916298, low, 12);
        Assert.Equal(0.39582997723800684, high, 12);
    }

    [Fact]
    public void Hanley_McNeil_interval_matches_its_formula_in_numpy()
    {
        // A=0.75, n1=40, n0=60: q1=A/(2-A); q2=2A^2/(1+A); se=sqrt((A(1-A)+(n1-1)(q1-A^2)+(n0-1)(q2-A^2))/(n1 n0)); A -+ norm.ppf(0.975)*se
        var (low, high) = PerformanceStatistics.HanleyMcNeil(0.75, 40, 60);
        Assert.Equal(0.648858519651571, low, 12);
        Assert.Equal(0.851141480348429, high, 12);
    }

    [Fact]
    public void Cbpe_expected_auc_is_the_weighted_auc_of_every_row_as_a_positive_with_weight_p_and_a_negative_with_weight_1_minus_p()
    {
        // roc_auc_score(r_[ones(12), zeros(12)], r_[s, s], sample_weight=r_[s, 1-s])
        var estimate = Cbpe.Estimate(Scores);
        Assert.Equal(0.7828156486693073, estimate.Auc!.Value, 12);
        // q = where(s>=0.5, s, 1-s): q.mean(); norm.ppf(0.975)*sqrt((q*(1-q)).sum())/12
        Assert.Equal(0.7208333333333333, estimate.Accuracy!.Value, 12);
        Assert.Equal(0.7208333333333333 - 0.24567509853548417, estimate.AccuracyLow!.Value, 12);
        Assert.Equal(Math.Min(1, 0.7208333333333333 + 0.24567509853548417), estimate.AccuracyHigh!.Value, 12);
        // Expected confusion at 0.5: TP = sum of p over predicted positives, FP = sum of 1-p there, and so on.
        var positives = Scores.Where(s => s >= 0.5).ToArray();
        var negatives = Scores.Where(s => s < 0.5).ToArray();
        Assert.Equal(positives.Sum(), estimate.Confusion!.Tp, 12);
        Assert.Equal(positives.Sum(p => 1 - p), estimate.Confusion.Fp, 12);
        Assert.Equal(negatives.Sum(), estimate.Confusion.Fn, 12);
        Assert.Equal(negatives.Sum(p => 1 - p), estimate.Confusion.Tn, 12);
    }

    [Fact]
    public void On_a_calibrated_model_the_realised_figures_fall_inside_cbpe_intervals_about_95_percent_of_the_time()
    {
        // 200 seeded datasets of 2,000 rows: scores from Beta(2, 3), labels drawn from them (a calibrated model).
        var random = new Random(7);
        int accuracyInside = 0, aucInside = 0, trials = 200;
        for (var t = 0; t < trials; t++)
        {
            var (scores, labels) = Calibrated(random, 2000, calibrated: true);
            var estimate = Cbpe.Estimate(scores, seed: t);
            var realised = RealisedPerformance.Binary(labels, scores);
            accuracyInside += realised.Accuracy >= estimate.AccuracyLow && realised.Accuracy <= estimate.AccuracyHigh ? 1 : 0;
            aucInside += realised.Auc >= estimate.AucLow && realised.Auc <= estimate.AucHigh ? 1 : 0;
        }

        // Nominal 95%: with 200 trials, a coverage below 90% would be 3 standard errors short.
        Assert.InRange(accuracyInside / (double)trials, 0.90, 1.0);
        Assert.InRange(aucInside / (double)trials, 0.90, 1.0);
    }

    [Fact]
    public void On_an_overconfident_model_the_realised_accuracy_falls_outside_the_cbpe_interval()
    {
        // Labels drawn from a softer probability than the score claims: CBPE's estimate is then too optimistic.
        var random = new Random(11);
        var (scores, labels) = Calibrated(random, 5000, calibrated: false);
        var estimate = Cbpe.Estimate(scores);
        var realised = RealisedPerformance.Binary(labels, scores);
        Assert.True(realised.Accuracy < estimate.AccuracyLow, $"realised {realised.Accuracy}, CBPE {estimate.AccuracyLow}–{estimate.AccuracyHigh}");
    }

    private static (double[] Scores, bool[] Labels) Calibrated(Random random, int n, bool calibrated)
    {
        var scores = new double[n];
        var labels = new bool[n];
        for (var i = 0; i < n; i++)
        {
            // Beta(2, 3) as the ratio of gamma draws with integer shapes (sums of exponentials).
            var a = -Math.Log(1 - random.NextDouble()) - Math.Log(1 - random.NextDouble());
            var b = -Math.Log(1 - random.NextDouble()) - Math.Log(1 - random.NextDouble()) - Math.Log(1 - random.NextDouble());
            scores[i] = a / (a + b);
            var truth = calibrated ? scores[i] : 0.5 + ((scores[i] - 0.5) * 0.3);
            labels[i] = random.NextDouble() < truth;
        }

        return (scores, labels);
    }
}
