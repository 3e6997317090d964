namespace LeanML.Evaluation;

/// <summary>Accuracy, log loss and macro F1 of class probabilities (rows × classes, row-major) for any count per row.</summary>
public sealed class MulticlassWeightedMetrics : IWeightedMetrics
{
    private const double LogLossEpsilon = 1e-15;
    private readonly int[] _truth;
    private readonly int[] _predicted;
    private readonly double[] _loss;
    private readonly int _classes;
    private readonly bool _hasLogLoss;

    /// <summary>Finds each row's predicted class and loss once; without <paramref name="withLogLoss"/> logloss is NaN.</summary>
    public MulticlassWeightedMetrics(ReadOnlySpan<float> labels, ReadOnlySpan<double> probabilities, int classes, bool withLogLoss = true)
    {
        _classes = classes;
        _hasLogLoss = withLogLoss;
        _truth = new int[labels.Length];
        _predicted = new int[labels.Length];
        _loss = new double[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var best = 0;
            double sum = 0;
            for (var c = 0; c < classes; c++)
            {
                best = row[c] > row[best] ? c : best;
                sum += row[c];
            }

            _truth[i] = (int)labels[i];
            _predicted[i] = best;
            _loss[i] = -Math.Log(Math.Clamp(row[_truth[i]] / (sum > 0 ? sum : 1), LogLossEpsilon, 1 - LogLossEpsilon));
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Names { get; } = ["accuracy", "logloss", "macro_f1"];

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<int> counts, Span<double> values)
    {
        Span<long> tp = stackalloc long[_classes];
        Span<long> fp = stackalloc long[_classes];
        Span<long> fn = stackalloc long[_classes];
        Span<bool> present = stackalloc bool[_classes];
        tp.Clear();
        fp.Clear();
        fn.Clear();
        present.Clear();
        long w = 0, right = 0;
        double loss = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var c = counts[i];
            if (c == 0)
            {
                continue;
            }

            var (t, p) = (_truth[i], _predicted[i]);
            w += c;
            loss += c * _loss[i];
            present[t] = present[p] = true;
            if (t == p)
            {
                right += c;
                tp[t] += c;
            }
            else
            {
                fp[p] += c;
                fn[t] += c;
            }
        }

        // f1_score(average="macro") averages over the labels present in the truth or the predictions.
        double sum = 0;
        var labels = 0;
        for (var k = 0; k < _classes; k++)
        {
            if (present[k])
            {
                labels++;
                sum += tp[k] == 0 ? 0 : 2.0 * tp[k] / ((2.0 * tp[k]) + fp[k] + fn[k]);
            }
        }

        values[0] = (double)right / w;
        values[1] = _hasLogLoss ? loss / w : double.NaN;
        values[2] = sum / labels;
    }
}
