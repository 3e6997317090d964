using LeanML.Training;

namespace LeanML.Evaluation;

/// <summary>
/// Precision, recall and the confusion matrix of acting on scores: on the K highest (the tied block at the cut taken
/// by its share, as <see cref="TrainingMetrics.AtK"/>) or on every row scoring at least a threshold (as scikit-learn's
/// <c>precision_score(y, scores &gt;= t)</c>); and the F1-maximising and rule-share thresholds.
/// </summary>
public static class DecisionMetrics
{
    /// <summary>Acting on the <paramref name="k"/> highest scores.</summary>
    public static DecisionOutcome AtK(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, int k, DecisionValue? value = null)
    {
        var n = labels.Length;
        var positives = Positives(labels);
        var take = Math.Min(k, n);
        var order = RadixSort.Order(scores, descending: true);
        double expected = 0;
        var i = 0;
        while (i < take)
        {
            var j = i;
            long groupPositives = 0;
            while (j < n && scores[order[j]].Equals(scores[order[i]]))
            {
                groupPositives += labels[order[j]] > 0.5f ? 1 : 0;
                j++;
            }

            expected += (double)groupPositives * (Math.Min(j, take) - i) / (j - i);
            i = j;
        }

        var confusion = new Confusion(expected, take - expected, positives - expected, n - take - (positives - expected));
        return Outcome(k, take > 0 ? scores[order[take - 1]] : null, confusion, value);
    }

    /// <summary>Acting on every row scoring at least <paramref name="threshold"/>.</summary>
    public static DecisionOutcome AtThreshold(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, double threshold, DecisionValue? value = null) =>
        Outcome(null, threshold, ConfusionAt(labels, scores, threshold), value);

    /// <summary>The confusion matrix of flagging rows with score ≥ <paramref name="threshold"/>.</summary>
    public static Confusion ConfusionAt(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, double threshold)
    {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var (flagged, positive) = (scores[i] >= threshold, labels[i] > 0.5f);
            if (flagged && positive)
            {
                tp++;
            }
            else if (flagged)
            {
                fp++;
            }
            else if (positive)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        return new Confusion(tp, fp, fn, tn);
    }

    /// <summary>
    /// The threshold (one of the scores) with the highest F1, and the threshold flagging the same share of rows as
    /// the rule does at 0.5 (the score of the ⌈share × n⌉-th highest row).
    /// </summary>
    public static ThresholdChoices Thresholds(ReadOnlySpan<float> labels, ReadOnlySpan<double> scores, ReadOnlySpan<double> rule)
    {
        var n = labels.Length;
        var positives = Positives(labels);
        var order = RadixSort.Order(scores, descending: true);
        ThresholdChoice? best = null;
        long tp = 0, seen = 0;
        var i = 0;
        while (i < n)
        {
            var j = i;
            while (j < n && scores[order[j]].Equals(scores[order[i]]))
            {
                tp += labels[order[j]] > 0.5f ? 1 : 0;
                j++;
            }

            seen = j;
            var choice = Choice(scores[order[i]], tp, seen, positives, n);
            if (best is null || choice.F1 > best.F1)
            {
                best = choice;
            }

            i = j;
        }

        long ruleFlagged = 0;
        foreach (var r in rule)
        {
            ruleFlagged += r >= 0.5 ? 1 : 0;
        }

        ThresholdChoice? share = null;
        if (ruleFlagged > 0 && n > 0)
        {
            var threshold = scores[order[(int)ruleFlagged - 1]];
            var c = ConfusionAt(labels, scores, threshold);
            share = Choice(threshold, (long)c.Tp, (long)(c.Tp + c.Fp), positives, n);
        }

        return new ThresholdChoices(best ?? new ThresholdChoice(double.NaN, 0, double.NaN, double.NaN, 0), share);
    }

    private static ThresholdChoice Choice(double threshold, long tp, long flagged, long positives, int n)
    {
        var precision = flagged == 0 ? double.NaN : (double)tp / flagged;
        var recall = positives == 0 ? double.NaN : (double)tp / positives;
        var f1 = tp == 0 ? 0 : 2.0 * tp / (flagged + positives);
        return new ThresholdChoice(threshold, (double)flagged / n, precision, recall, f1);
    }

    private static DecisionOutcome Outcome(int? k, double? threshold, Confusion c, DecisionValue? value)
    {
        var flagged = c.Tp + c.Fp;
        var positives = c.Tp + c.Fn;
        // precision_score's zero_division: no flagged rows gives 0 (with a warning in scikit-learn).
        return new DecisionOutcome(k, threshold, flagged == 0 ? 0 : c.Tp / flagged, positives == 0 ? double.NaN : c.Tp / positives, c.Tp, c, value?.Of(c));
    }

    private static long Positives(ReadOnlySpan<float> labels)
    {
        long p = 0;
        foreach (var l in labels)
        {
            p += l > 0.5f ? 1 : 0;
        }

        return p;
    }
}
