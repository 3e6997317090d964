using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class TrainingMetricsTests
{
    private static readonly float[] Labels = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1];
    private static readonly double[] Scores = [0.9, 0.1, 0.8, 0.35, 0.4, 0.2, 0.7, 0.6, 0.55, 0.05, 0.3, 0.45];
    private static readonly double[] TiedScores = [0.9, 0.1, 0.8, 0.4, 0.4, 0.2, 0.7, 0.6, 0.55, 0.05, 0.3, 0.45];

    [Fact]
    public void Binary_metrics_match_scikit_learn()
    {
        var m = TrainingMetrics.Binary(Labels, Scores, precisionAtK: 5);
        // Golden values: /usr/bin/python3, scikit-learn 1.2.1 — roc_auc_score, log_loss, accuracy_score(y, s >= 0.5),
        // f1_score(y, s >= 0.5), average_precision_score; precision at 5 = y[argsort(-s, kind='stable')[:5]].mean().
        Assert.Equal(0.888888888888889, m["auc"], 12);
        Assert.Equal(0.4412445411101085, m["logloss"], 12);
        Assert.Equal(0.75, m["accuracy"], 12);
        Assert.Equal(0.7272727272727272, m["f1"], 12);
        Assert.Equal(0.8972222222222221, m["average_precision"], 12);
        Assert.Equal(0.8, m["precision_at_5"], 12);
        Assert.Equal(1.0, TrainingMetrics.PrecisionAtK(Labels, Scores, 3), 12);
    }

    [Fact]
    public void Tied_scores_count_half_in_auc_like_scikit_learn()
    {
        // Golden: sklearn roc_auc_score / average_precision_score on the tied scores (a positive and a negative both at 0.4).
        Assert.Equal(0.9027777777777779, TrainingMetrics.Auc(Labels, TiedScores), 12);
        Assert.Equal(0.8972222222222221, TrainingMetrics.AveragePrecision(Labels, TiedScores), 12);
    }

    [Theory]
    // Golden: /usr/bin/python3 enumerating every order of the rows that sorts the scores descending (itertools
    // permutations, tied rows in any order, each order equally likely) and averaging the share of positives in the top
    // k and the share of all 4 positives found there. k = 20 is capped at the 8 rows.
    [InlineData(1, 1.0, 0.25)]
    [InlineData(3, 0.666666666666667, 0.5)]
    [InlineData(6, 0.5, 0.75)]
    [InlineData(20, 0.5, 1.0)]
    public void Precision_and_recall_at_k_are_expected_values_over_the_tied_block_at_the_cut(int k, double precision, double recall)
    {
        float[] labels = [1, 0, 1, 0, 1, 0, 0, 1];
        double[] scores = [0.9, 0.7, 0.7, 0.7, 0.7, 0.3, 0.3, 0.1];
        // By row order the top 3 would be rows 0, 1, 2 (precision 0.667 only by luck of the order); the tied block
        // 0.7 holds 2 positives in 4 rows, so taking 2 of them counts 1 positive on average.
        Assert.Equal(precision, TrainingMetrics.PrecisionAtK(labels, scores, k), 12);
        Assert.Equal(recall, TrainingMetrics.RecallAtK(labels, scores, k), 12);
        var m = TrainingMetrics.Binary(labels, scores, k);
        Assert.Equal(precision, m[$"precision_at_{k}"], 12);
        Assert.Equal(recall, m[$"recall_at_{k}"], 12);
        // Golden: sklearn 1.2.1 roc_auc_score and average_precision_score on the same rows (ties: one threshold).
        Assert.Equal(0.625, m["auc"], 12);
        Assert.Equal(0.675, m["average_precision"], 12);
    }

    [Fact]
    public void A_rule_that_puts_every_row_in_one_block_scores_the_base_rate_at_any_k()
    {
        // A constant on a file sorted by outcome (positives first): by row order precision at 2 was 1.000.
        float[] labels = [1, 1, 0, 0, 0];
        double[] constant = [0.5, 0.5, 0.5, 0.5, 0.5];
        Assert.Equal(0.4, TrainingMetrics.PrecisionAtK(labels, constant, 2), 12);
        Assert.Equal(0.4, TrainingMetrics.RecallAtK(labels, constant, 2), 12);
        Assert.Equal(0.5, TrainingMetrics.Auc(labels, constant), 12);
    }

    [Fact]
    public async Task Metrics_of_nan_scores_end()
    {
        // A model trained with eta=NaN predicts NaN everywhere: the average-precision walk never left a group of NaN
        // scores (NaN == NaN is false) and spun forever. Each metric must return, here within 10 s.
        float[] labels = [1, 0, 1, 0];
        double[] scores = [double.NaN, double.NaN, 0.3, double.NaN];
        var metrics = await Task.Run(() => TrainingMetrics.Binary(labels, scores, 2)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, metrics.Count(m => m.Key is "auc" or "average_precision" or "precision_at_2"));
    }

    [Fact]
    public void Regression_metrics_match_scikit_learn()
    {
        float[] y = [3.0f, -0.5f, 2.0f, 7.0f, 4.2f];
        double[] p = [2.5, 0.0, 2.0, 8.0, 3.9];
        var m = TrainingMetrics.Regression(y, p);
        // Golden: sklearn mean_squared_error(...) ** 0.5, mean_absolute_error, r2_score (float64 labels; ours are
        // float32, so 4.2 carries ~1e-7 of rounding: compared at 6 decimals).
        Assert.Equal(0.5639148871948674, m["rmse"], 6);
        Assert.Equal(0.4600000000000001, m["mae"], 6);
        Assert.Equal(0.9480256276150627, m["r2"], 6);
    }

    [Fact]
    public void Multiclass_metrics_match_scikit_learn()
    {
        float[] y = [0, 1, 2, 2, 1, 0, 2];
        double[] p =
        [
            0.7, 0.2, 0.1, 0.1, 0.6, 0.3, 0.2, 0.2, 0.6, 0.5, 0.1, 0.4, 0.3, 0.3, 0.4, 0.4, 0.35, 0.25, 0.1, 0.1, 0.8,
        ];
        var m = TrainingMetrics.Multiclass(y, p, 3);
        // Golden: sklearn accuracy_score(y, P.argmax(1)), log_loss(y, P), f1_score(y, P.argmax(1), average='macro').
        Assert.Equal(0.7142857142857143, m["accuracy"], 12);
        Assert.Equal(0.662574858694167, m["logloss"], 12);
        Assert.Equal(0.7111111111111111, m["macro_f1"], 12);
    }
}
