using System.Globalization;
using LeanML.Features;

namespace LeanML.Training;

/// <summary>
/// Checks run before training for features that give the answer away: one that alone predicts the test labels
/// (AUC, R² or accuracy ≥ 0.98, learned on the training rows), a whole-number column unique in nearly every row
/// (a row number, a lineage column under another name), one set only on rows of one class, and a date later than the
/// brief's time column.
/// </summary>
public static class LeakageChecks
{
    /// <summary>A feature whose own test AUC (binary), R² (regression) or accuracy (multiclass) reaches this alone leaks.</summary>
    public const double AlonePredicts = 0.98;

    /// <summary>A whole-number feature with distinct values on at least this share of its rows is row-number-like.</summary>
    public const double UniqueShare = 0.99;

    /// <summary>A date later than the time column on at least this share of rows is from the future.</summary>
    public const double AfterTimeShare = 0.01;

    /// <summary>Quantile bins of a numeric feature's one-feature model.</summary>
    public const int Bins = 32;

    /// <summary>Runs every check; warnings in feature order, the strongest sign (alone_predicts) first.</summary>
    public static IReadOnlyList<LeakageWarning> Run(TrainingSet set, DataSplit split, string task, string? timeColumn)
    {
        // Features are checked independently: side by side.
        var perFeature = new LeakageWarning?[set.Features.Count][];
        Parallel.For(0, set.Features.Count, f =>
        {
            var spec = set.Features[f];
            var column = set.Columns[f];
            perFeature[f] =
            [
                Alone(task, set, split, spec, column),
                UniquePerRow(set, spec, column),
                task != "regression" ? OneClassOnly(set, spec, column) : null,
                set.Time is { } time && timeColumn is not null ? AfterTime(spec, column, time, timeColumn) : null,
            ];
        });
        var found = Enumerable.Range(0, 4).Select(check => perFeature.Select(w => w[check]).OfType<LeakageWarning>()).ToArray();
        return [.. found.SelectMany(x => x)];
    }

    private static LeakageWarning? Alone(string task, TrainingSet set, DataSplit split, FeatureSpec spec, float[] column)
    {
        var bins = BinOf(spec, column, split.Train);
        var test = split.Test;
        var labels = set.LabelsOf(test);
        double score;
        string what;
        if (task == "multiclass")
        {
            var classes = set.Classes!.Count;
            var votes = new Dictionary<int, int[]>();
            foreach (var r in split.Train)
            {
                var b = bins(column[r]);
                if (!votes.TryGetValue(b, out var v))
                {
                    votes[b] = v = new int[classes];
                }

                v[(int)set.Labels[r]]++;
            }

            var prior = new int[classes];
            foreach (var r in split.Train)
            {
                prior[(int)set.Labels[r]]++;
            }

            var majority = Array.IndexOf(prior, prior.Max());
            int right = 0, naive = 0;
            foreach (var r in test)
            {
                var v = votes.GetValueOrDefault(bins(column[r]));
                var predicted = v is null ? majority : Array.IndexOf(v, v.Max());
                right += predicted == (int)set.Labels[r] ? 1 : 0;
                naive += majority == (int)set.Labels[r] ? 1 : 0;
            }

            score = (double)right / test.Length;
            // A class on 98% of the rows is 98% accurate with no feature at all: only a feature beating that counts.
            if (right <= naive)
            {
                return null;
            }

            what = "accuracy";
        }
        else
        {
            // The one-feature model: the mean label of the feature's bin on the training rows.
            var sums = new Dictionary<int, (double Sum, int Count)>();
            double total = 0;
            foreach (var r in split.Train)
            {
                var b = bins(column[r]);
                var (s, c) = sums.GetValueOrDefault(b);
                sums[b] = (s + set.Labels[r], c + 1);
                total += set.Labels[r];
            }

            var mean = total / split.Train.Length;
            var predicted = test.Select(r => sums.TryGetValue(bins(column[r]), out var x) ? x.Sum / x.Count : mean).ToArray();
            var raw = test.Select(r => (double)column[r]).ToArray();
            var numeric = spec.Kind != FeatureKind.Category && !raw.Any(double.IsNaN);
            if (task == "binary")
            {
                score = TrainingMetrics.Auc(labels, predicted);
                if (numeric)
                {
                    var a = TrainingMetrics.Auc(labels, raw);
                    score = Math.Max(score, Math.Max(a, 1 - a));
                }

                what = "AUC";
            }
            else
            {
                score = TrainingMetrics.R2(labels, predicted);
                if (numeric)
                {
                    score = Math.Max(score, Correlation(labels, raw) is var r && double.IsFinite(r) ? r * r : double.NaN);
                }

                what = "R²";
            }
        }

        if (!(score >= AlonePredicts))
        {
            return null;
        }

        var figure = score.ToString("0.000", CultureInfo.InvariantCulture);
        return new LeakageWarning(spec.Name, "alone_predicts", score,
            $"leakage? the feature '{spec.Name}' alone predicts the label (test {what} {figure} from this one column): it may be the label under another name or known only after the outcome. Check it, and list it in dataset.exclude if it leaks.",
            $"'{spec.Name}' alone predicts the label");
    }

    private static LeakageWarning? UniquePerRow(TrainingSet set, FeatureSpec spec, float[] column)
    {
        if (spec.Kind != FeatureKind.Number || set.Rows < TrainingSetReader.IdentifierMinimumRows)
        {
            return null;
        }

        var distinct = new HashSet<float>();
        var present = 0;
        foreach (var v in column)
        {
            if (float.IsNaN(v))
            {
                continue;
            }

            if (v != MathF.Round(v))
            {
                return null;
            }

            present++;
            distinct.Add(v);
        }

        var share = present == 0 ? 0 : (double)distinct.Count / present;
        if (present < 0.9 * set.Rows || share < UniqueShare)
        {
            return null;
        }

        return new LeakageWarning(spec.Name, "unique_per_row", share,
            $"leakage? the feature '{spec.Name}' holds a different whole number on {share:P1} of rows, like a row number or a load's line number: its order can carry the label (rows sorted by outcome). List it in dataset.exclude unless it is a real quantity.",
            $"'{spec.Name}' is unique on nearly every row, like a row number");
    }

    private static LeakageWarning? OneClassOnly(TrainingSet set, FeatureSpec spec, float[] column)
    {
        var classes = set.Classes!;
        var perClass = new int[classes.Count];
        var rowsOfClass = new int[classes.Count];
        var missing = 0;
        for (var r = 0; r < column.Length; r++)
        {
            var c = (int)set.Labels[r];
            rowsOfClass[c]++;
            if (float.IsNaN(column[r]))
            {
                missing++;
            }
            else
            {
                perClass[c]++;
            }
        }

        var setIn = Enumerable.Range(0, classes.Count).Where(c => perClass[c] > 0).ToList();
        // Set on at least 10 rows, and on a twentieth of its class: a handful of filled rows is not a pattern.
        if (missing == 0 || setIn.Count != 1 || perClass[setIn[0]] < 10 || perClass[setIn[0]] < 0.05 * rowsOfClass[setIn[0]])
        {
            return null;
        }

        var only = classes[setIn[0]];
        return new LeakageWarning(spec.Name, "one_class_only", perClass[setIn[0]],
            $"leakage? the feature '{spec.Name}' is set on {perClass[setIn[0]]} rows, every one of class '{only}', and NULL on every other class's row: it is likely filled in because of the outcome (a cancellation reason, a refund date). List it in dataset.exclude if so.",
            $"'{spec.Name}' is set only for class '{only}'");
    }

    private static LeakageWarning? AfterTime(FeatureSpec spec, float[] column, double[] time, string timeColumn)
    {
        if (spec.Kind is not (FeatureKind.Date or FeatureKind.Timestamp))
        {
            return null;
        }

        int later = 0, present = 0;
        for (var r = 0; r < column.Length; r++)
        {
            if (!float.IsNaN(column[r]))
            {
                present++;
                // Whole days: a date on the snapshot's own day is not "later" (float32 days lose the time of day's seconds).
                later += Math.Floor(column[r]) > Math.Floor(time[r]) ? 1 : 0;
            }
        }

        var share = present == 0 ? 0 : (double)later / present;
        if (share < AfterTimeShare || later == 0)
        {
            return null;
        }

        return new LeakageWarning(spec.Name, "after_time", share,
            $"leakage? the date '{spec.Name}' is later than the time column '{timeColumn}' on {later} rows ({share:P1}): a model cannot know it at prediction time. Use its value as of '{timeColumn}', or list it in dataset.exclude.",
            $"'{spec.Name}' is later than '{timeColumn}' on {share:P0} of rows");
    }

    // The bin of a value for the one-feature model: a category's code; a number's quantile bin among the training
    // rows' values (at most 32, ties merged); missing is its own bin.
    private static Func<float, int> BinOf(FeatureSpec spec, float[] column, int[] train)
    {
        if (spec.Kind == FeatureKind.Category)
        {
            return v => float.IsNaN(v) ? -1 : (int)v;
        }

        var values = train.Select(r => column[r]).Where(v => !float.IsNaN(v)).Order().ToArray();
        var edges = values.Length == 0 ? [] : Enumerable.Range(1, Bins - 1).Select(i => values[(int)((long)i * (values.Length - 1) / Bins)]).Distinct().ToArray();
        return v =>
        {
            if (float.IsNaN(v))
            {
                return -1;
            }

            var i = Array.BinarySearch(edges, v);
            return i >= 0 ? i : ~i;
        };
    }

    private static double Correlation(ReadOnlySpan<float> y, double[] x)
    {
        double my = 0, mx = 0;
        for (var i = 0; i < x.Length; i++)
        {
            my += y[i];
            mx += x[i];
        }

        my /= x.Length;
        mx /= x.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }
}
