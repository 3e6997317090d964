namespace LeanML.Evaluation;

/// <summary>
/// Calibration of binary probabilities: the reliability table of scikit-learn's
/// <c>calibration_curve(strategy="uniform")</c> (a prediction on an inner edge goes to the lower bin, as
/// numpy.searchsorted does), the Brier score (<c>brier_score_loss</c>) and the expected calibration error
/// (Naeini et al. 2015) over the same bins.
/// </summary>
public static class Calibration
{
    /// <summary>Bins in the reliability table.</summary>
    public const int DefaultBins = 10;

    /// <summary>The reliability table, Brier score and ECE of probabilities against 0/1 labels.</summary>
    public static CalibrationReport Of(ReadOnlySpan<float> labels, ReadOnlySpan<double> probabilities, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var counts = new int[bins];
        var sums = new double[bins];
        var positives = new double[bins];
        double brier = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = probabilities[i];
            var y = labels[i] > 0.5f ? 1.0 : 0.0;
            brier += (p - y) * (p - y);
            var bin = Bin(p, bins);
            counts[bin]++;
            sums[bin] += p;
            positives[bin] += y;
        }

        var table = new CalibrationBin[bins];
        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            double? mean = counts[b] == 0 ? null : sums[b] / counts[b];
            double? observed = counts[b] == 0 ? null : positives[b] / counts[b];
            table[b] = new CalibrationBin(Edge(b, bins), Edge(b + 1, bins), counts[b], mean, observed);
            if (counts[b] > 0)
            {
                ece += (double)counts[b] / labels.Length * Math.Abs(mean!.Value - observed!.Value);
            }
        }

        return new CalibrationReport(table, labels.Length == 0 ? double.NaN : brier / labels.Length, labels.Length == 0 ? double.NaN : ece);
    }

    // numpy.linspace(0, 1, bins + 1): edge i is i × (1 / bins).
    private static double Edge(int i, int bins) => i * (1.0 / bins);

    // numpy.searchsorted(edges[1:-1], p): the number of inner edges strictly below p.
    private static int Bin(double p, int bins)
    {
        var bin = 0;
        for (var e = 1; e < bins; e++)
        {
            if (Edge(e, bins) < p)
            {
                bin = e;
            }
        }

        return bin;
    }
}
