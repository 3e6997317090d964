namespace LeanML.Evaluation;

/// <summary>RMSE, MAE and R² (scikit-learn's definitions) for any count per row.</summary>
/// <param name="labels">The true values.</param>
/// <param name="predictions">The predicted values.</param>
public sealed class RegressionWeightedMetrics(float[] labels, double[] predictions) : IWeightedMetrics
{
    /// <inheritdoc/>
    public IReadOnlyList<string> Names { get; } = ["rmse", "mae", "r2"];

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<int> counts, Span<double> values)
    {
        double w = 0, squared = 0, absolute = 0, sumY = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var c = counts[i];
            if (c == 0)
            {
                continue;
            }

            var d = labels[i] - predictions[i];
            w += c;
            squared += c * d * d;
            absolute += c * Math.Abs(d);
            sumY += c * (double)labels[i];
        }

        var mean = sumY / w;
        double total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var d = labels[i] - mean;
            total += counts[i] * d * d;
        }

        values[0] = Math.Sqrt(squared / w);
        values[1] = absolute / w;
        // r2_score: 1 − SS_res/SS_tot; a constant label gives SS_tot = 0 (NaN here, as there is nothing to explain).
        values[2] = total == 0 ? double.NaN : 1 - (squared / total);
    }
}
