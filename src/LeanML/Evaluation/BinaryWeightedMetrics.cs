using System.Runtime.CompilerServices;
using LeanML.Training;

namespace LeanML.Evaluation;

/// <summary>
/// The binary metrics of <see cref="TrainingMetrics.Binary"/> (auc, logloss, accuracy, f1, average_precision and
/// precision/recall at k) for any count per row: the scores are sorted and grouped by equal value once, and each
/// resample walks the groups. On a resample this equals scikit-learn's metric of the rows repeated by their counts.
/// </summary>
public sealed class BinaryWeightedMetrics : IWeightedMetrics
{
    private const double LogLossEpsilon = 1e-15;
    private readonly int[] _ascending;   // rows by ascending score
    private readonly int[] _groupEnd;    // exclusive end (in _ascending) of each group of equal scores
    private readonly bool[] _positive;   // label per row
    private readonly bool[] _positiveSorted; // label per place in _ascending (read in order: no gather)
    private readonly double[] _loss;     // log loss of each row
    private readonly bool[] _flagged;    // score >= 0.5
    private readonly bool[]? _high;      // with exactly two distinct scores: the row has the higher one
    private readonly int? _k;
    private readonly bool _hasLogLoss;

    /// <summary>Orders the scores once; <paramref name="precisionAtK"/> adds precision_at_K and recall_at_K; without <paramref name="withLogLoss"/> logloss is NaN (a rule that gives no probabilities).</summary>
    public BinaryWeightedMetrics(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int? precisionAtK = null, bool withLogLoss = true)
    {
        _ascending = RadixSort.Order(scores);
        var ends = new List<int>();
        for (var i = 1; i <= _ascending.Length; i++)
        {
            if (i == _ascending.Length || !scores[_ascending[i]].Equals(scores[_ascending[i - 1]]))
            {
                ends.Add(i);
            }
        }

        _groupEnd = [.. ends];
        _positive = new bool[labels.Length];
        _loss = new double[labels.Length];
        _flagged = new bool[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            _positive[i] = labels[i] > 0.5f;
            var p = Math.Clamp(scores[i], LogLossEpsilon, 1 - LogLossEpsilon);
            _loss[i] = _positive[i] ? -Math.Log(p) : -Math.Log(1 - p);
            _flagged[i] = scores[i] >= 0.5;
        }

        _positiveSorted = new bool[labels.Length];
        for (var j = 0; j < _ascending.Length; j++)
        {
            _positiveSorted[j] = _positive[_ascending[j]];
        }

        if (_groupEnd.Length == 2)
        {
            _high = new bool[labels.Length];
            for (var j = _groupEnd[0]; j < _ascending.Length; j++)
            {
                _high[_ascending[j]] = true;
            }
        }

        _k = precisionAtK;
        _hasLogLoss = withLogLoss;
        Names = precisionAtK is int k
            ? ["auc", "logloss", "accuracy", "f1", "average_precision", $"precision_at_{k}", $"recall_at_{k}"]
            : ["auc", "logloss", "accuracy", "f1", "average_precision"];
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(ReadOnlySpan<int> counts, Span<double> values)
    {
        double loss = 0;
        long total = 0, right = 0, tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var c = counts[i];
            if (c == 0)
            {
                continue;
            }

            total += c;
            loss += c * _loss[i];
            var (flagged, positive) = (_flagged[i], _positive[i]);
            right += flagged == positive ? c : 0;
            tp += flagged && positive ? c : 0;
            fp += flagged && !positive ? c : 0;
            fn += !flagged && positive ? c : 0;
        }

        values[0] = Auc(counts, out var positives);
        values[1] = _hasLogLoss ? loss / total : double.NaN;
        values[2] = (double)right / total;
        values[3] = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        values[4] = AveragePrecisionAndAtK(counts, positives, total, out var precisionAtK, out var recallAtK);
        if (_k is not null)
        {
            values[5] = precisionAtK;
            values[6] = recallAtK;
        }
    }

    /// <summary>The AUC alone of the rows taken <paramref name="counts"/>[i] times each.</summary>
    public double Auc(ReadOnlySpan<int> counts) => Auc(counts, out _);

    // Mann–Whitney with ties counted half: Σ over groups of positives × (negatives below + half the group's negatives).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Auc(ReadOnlySpan<int> counts, out long positives)
    {
        if (_groupEnd.Length == 2)
        {
            return TwoValueAuc(counts, out positives);
        }

        double sum = 0;
        long negativesBelow = 0;
        positives = 0;
        var start = 0;
        var order = _ascending;
        var positive = _positiveSorted;
        foreach (var end in _groupEnd)
        {
            // Branch-free: a row's label is a coin flip to the branch predictor.
            long wp = 0, w = 0;
            for (var j = start; j < end; j++)
            {
                var c = counts[order[j]];
                w += c;
                wp += positive[j] ? c : 0;
            }

            var wn = w - wp;
            sum += wp * (negativesBelow + (0.5 * wn));
            negativesBelow += wn;
            positives += wp;
            start = end;
        }

        return positives == 0 || negativesBelow == 0 ? double.NaN : sum / ((double)positives * negativesBelow);
    }

    // A score of two values (a 0/1 rule): the counts read in row order (in sequence, not gathered by score) into the
    // positives and rows of each value; the same sum as the general case over its two groups.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double TwoValueAuc(ReadOnlySpan<int> counts, out long positives)
    {
        long w = 0, wp = 0, wHigh = 0, wpHigh = 0;
        var high = _high!;
        var positive = _positive;
        for (var i = 0; i < counts.Length; i++)
        {
            var c = counts[i];
            var h = high[i] ? c : 0;
            w += c;
            wHigh += h;
            wp += positive[i] ? c : 0;
            wpHigh += positive[i] ? h : 0;
        }

        long wpLow = wp - wpHigh, wnLow = w - wHigh - wpLow, wnHigh = wHigh - wpHigh;
        var sum = (wpLow * (0 + (0.5 * wnLow))) + (wpHigh * (wnLow + (0.5 * wnHigh)));
        positives = wp;
        var negatives = wnLow + wnHigh;
        return positives == 0 || negatives == 0 ? double.NaN : sum / ((double)positives * negatives);
    }

    // From the highest score down: average precision over distinct thresholds, and the expected precision/recall of
    // the k highest (the tied block at the cut counted by its share, as TrainingMetrics.AtK does).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double AveragePrecisionAndAtK(ReadOnlySpan<int> counts, long positives, long total, out double precisionAtK, out double recallAtK)
    {
        double ap = 0, previousRecall = 0, expected = 0;
        long tp = 0, seen = 0;
        var take = _k is int k ? Math.Min(k, total) : 0;
        for (var g = _groupEnd.Length - 1; g >= 0; g--)
        {
            var start = g == 0 ? 0 : _groupEnd[g - 1];
            long wp = 0, w = 0;
            for (var j = start; j < _groupEnd[g]; j++)
            {
                var row = _ascending[j];
                var c = counts[row];
                w += c;
                wp += _positive[row] ? c : 0;
            }

            if (w == 0)
            {
                continue;
            }

            if (seen < take)
            {
                expected += (double)wp * Math.Min(w, take - seen) / w;
            }

            tp += wp;
            seen += w;
            if (positives > 0)
            {
                var recall = (double)tp / positives;
                ap += (recall - previousRecall) * tp / seen;
                previousRecall = recall;
            }
        }

        precisionAtK = take == 0 ? double.NaN : expected / take;
        recallAtK = take == 0 || positives == 0 ? double.NaN : expected / positives;
        return positives == 0 ? double.NaN : ap;
    }
}
