using LeanML.Evaluation;

namespace LeanML.Tests.Evaluation;

public sealed class CalibrationTests
{
    [Fact]
    public void The_reliability_table_brier_and_ece_match_scikit_learn()
    {
        var rng = new Random(2);
        // Over-confident scores, plus values exactly on bin edges (0, 0.1, 0.3, 0.5, 1) where the bin is decided by
        // numpy.searchsorted's side.
        var p = Enumerable.Range(0, 500).Select(_ => Math.Round(rng.NextDouble(), 3)).Concat([0.0, 0.1, 0.3, 0.5, 1.0, 0.1 * 3]).ToArray();
        var y = p.Select(v => rng.NextDouble() < 0.2 + (0.6 * v) ? 1f : 0f).ToArray();
        var report = Calibration.Of(y, p);

        // Independent: sklearn.calibration.calibration_curve(y, p, n_bins=10) (strategy uniform), brier_score_loss,
        // and ECE = Σ count/n × |prob_pred − prob_true| over the same non-empty bins (np.searchsorted for counts).
        var py = PythonCheck.Run("""
            import numpy as np
            from sklearn.calibration import calibration_curve
            from sklearn.metrics import brier_score_loss
            y = np.loadtxt("y.txt"); p = np.loadtxt("p.txt")
            prob_true, prob_pred = calibration_curve(y, p, n_bins=10)
            counts = np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], p), minlength=10)
            nz = counts[counts > 0]
            print(len(prob_true), *prob_true, *prob_pred, *nz, brier_score_loss(y, p), np.sum(nz / len(p) * np.abs(prob_pred - prob_true)))
            """,
            new Dictionary<string, string> { ["y.txt"] = PythonCheck.Lines(y), ["p.txt"] = PythonCheck.Lines(p) });

        var bins = report.Bins.Where(b => b.Count > 0).ToList();
        var k = (int)py[0];
        Assert.Equal(k, bins.Count);
        for (var i = 0; i < k; i++)
        {
            Assert.Equal(py[1 + i], bins[i].Observed!.Value, 12);
            Assert.Equal(py[1 + k + i], bins[i].MeanPredicted!.Value, 12);
            Assert.Equal(py[1 + (2 * k) + i], bins[i].Count);
        }

        Assert.Equal(py[1 + (3 * k)], report.Brier, 12);
        Assert.Equal(py[2 + (3 * k)], report.Ece, 12);
        Assert.Equal(10, report.Bins.Count);
        Assert.Equal(p.Length, report.Bins.Sum(b => b.Count));
    }

    [Fact]
    public void An_empty_bin_has_no_mean_and_perfect_scores_have_no_error()
    {
        var report = Calibration.Of([0f, 1f], [0.0, 1.0]);
        Assert.Equal(0, report.Brier);
        Assert.Equal(0, report.Ece);
        Assert.Null(report.Bins[5].MeanPredicted);
        Assert.Equal(1, report.Bins[0].Count);
        Assert.Equal(1, report.Bins[9].Count);
    }
}
