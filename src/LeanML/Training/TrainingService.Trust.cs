using System.Globalization;
using LeanML.Evaluation;

namespace LeanML.Training;

/// <summary>What makes a run's figures trustworthy: intervals, cross-validation, the decision's metric, calibration.</summary>
public sealed partial class TrainingService
{
    private static bool IsIntervalEnd(string name) => name.EndsWith("_low", StringComparison.Ordinal) || name.EndsWith("_high", StringComparison.Ordinal);

    private static MetricInterval IntervalOf(SortedDictionary<string, double> metrics, string metric) =>
        metrics.TryGetValue(metric + "_low", out var low) && metrics.TryGetValue(metric + "_high", out var high) ? new MetricInterval(low, high) : MetricInterval.None;

    // A stratified bootstrap of the test rows (1,000 resamples, seeded by the split seed, so two training seeds are
    // judged on the same resamples) gives every metric of the model and the rule its 95% interval, written beside it
    // as <metric>_low/<metric>_high; the lift's interval is paired (model and rule on the same resampled rows).
    private static MetricInterval AddIntervals(
        ProjectBrief brief, Dictionary<string, SortedDictionary<string, double>> metrics, float[] testLabels, double[] model, double[] rule, int classes, int? k, bool ruleHasNoLogLoss)
    {
        IWeightedMetrics Set(double[] scores, bool withLogLoss) => brief.Task switch
        {
            "binary" => new BinaryWeightedMetrics(testLabels, scores, k, withLogLoss),
            "regression" => new RegressionWeightedMetrics(testLabels, scores),
            _ => new MulticlassWeightedMetrics(testLabels, scores, classes, withLogLoss),
        };

        var strata = brief.Task == "regression" ? new int[testLabels.Length] : Array.ConvertAll(testLabels, l => (int)l);
        // Binary: the sets take the rows in ascending order of the model's score, so the model's pass over each
        // resample reads in sequence; the resamples are the same rows (Bootstrap.RunInOrder).
        var order = brief.Task == "binary" ? RadixSort.Order(model) : null;
        if (order is not null)
        {
            testLabels = [.. order.Select(r => testLabels[r])];
            model = [.. order.Select(r => model[r])];
            rule = [.. order.Select(r => rule[r])];
        }

        var sets = new[] { Set(model, true), Set(rule, !ruleHasNoLogLoss) };
        var result = order is not null
            ? Bootstrap.RunInOrder(strata, sets, order, Bootstrap.DefaultResamples, brief.Dataset.SplitSeed)
            : Bootstrap.Run(strata, sets, Bootstrap.DefaultResamples, brief.Dataset.SplitSeed);
        foreach (var (name, index) in new[] { ("test", 0), ("business_baseline", 1) })
        {
            var m = metrics[name];
            foreach (var metric in sets[index].Names.Where(m.ContainsKey).ToList())
            {
                var interval = double.IsNaN(m[metric]) ? MetricInterval.None : result.Interval(index, metric);
                m[metric + "_low"] = interval.Low;
                m[metric + "_high"] = interval.High;
            }
        }

        return double.IsNaN(metrics["business_baseline"][brief.Metric]) ? MetricInterval.None : result.PairedDifference(0, 1, brief.Metric, MetricCatalog.LowerIsBetter(brief.Metric));
    }

    // k folds of the train and valid rows, each row's fold from the hash of its id and the split seed alone
    // (CrossValidationFolds). Each fold's model runs the rounds the final model kept (no early stopping on the fold it
    // is scored on).
    private static CrossValidationReport CrossValidate(
        ProjectBrief brief, TrainingSet set, DataSplit split, TrainingParameters parameters, int classes, int? k, int rounds, int folds, Action<string>? progress)
    {
        var pool = split.Train.Concat(split.Valid).ToArray();
        var foldOfPool = CrossValidationFolds.Assign(set, pool, brief.Task, brief.Dataset.SplitSeed, folds, brief.File);
        var fold = new int[set.Rows];
        for (var i = 0; i < pool.Length; i++)
        {
            fold[pool[i]] = foldOfPool[i];
        }

        var fixedRounds = parameters with { Rounds = Math.Max(1, rounds), Patience = 0 };
        var results = new List<CrossValidationFold>();
        for (var f = 0; f < folds; f++)
        {
            var scoredRows = pool.Where(r => fold[r] == f).Order().ToArray();
            var trainRows = pool.Where(r => fold[r] != f).Order().ToArray();
            var foldSplit = new DataSplit(trainRows, [], scoredRows, "cv", $"cv fold {f + 1}");
            var trained = TrainModel(set, foldSplit, fixedRounds, brief.Task, classes, null);
            var metrics = Evaluate(brief.Task, set.LabelsOf(scoredRows), trained.Test, classes, k);
            results.Add(new CrossValidationFold(f + 1, trainRows.Length, scoredRows.Length, Nullable(metrics)));
            progress?.Invoke($"cv fold {f + 1} of {folds}: {brief.Metric} {Format(metrics.GetValueOrDefault(brief.Metric, double.NaN))} on {scoredRows.Length} rows");
        }

        var names = results[0].Metrics.Keys.ToList();
        var mean = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        var std = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var v = results.Select(r => r.Metrics[name] ?? double.NaN).ToArray();
            var m = v.Average();
            // The sample standard deviation (n − 1), numpy.std(ddof=1).
            var s = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
            mean[name] = double.IsFinite(m) ? m : null;
            std[name] = double.IsFinite(s) ? s : null;
        }

        return new CrossValidationReport(folds, results, mean, std);
    }

    private static SortedDictionary<string, double?> Nullable(SortedDictionary<string, double> metrics) =>
        new(metrics.ToDictionary(x => x.Key, x => double.IsFinite(x.Value) ? x.Value : (double?)null, StringComparer.Ordinal), StringComparer.Ordinal);

    // Binary: the brief's decision (top K or a threshold) for the model and the rule, the two thresholds worth knowing,
    // and the model's calibration, all on the test rows.
    private static (DecisionReport? Decision, ThresholdChoices Thresholds, CalibrationReport Calibration) DecisionAndCalibration(
        ProjectBrief brief, float[] labels, double[] model, double[] rule)
    {
        DecisionReport? decision = null;
        if (brief.DecisionK is int k)
        {
            decision = Report(DecisionMetrics.AtK(labels, model, k, brief.Value), DecisionMetrics.AtK(labels, rule, k, brief.Value));
        }
        else if (brief.DecisionThreshold is double t)
        {
            decision = Report(DecisionMetrics.AtThreshold(labels, model, t, brief.Value), DecisionMetrics.AtThreshold(labels, rule, t, brief.Value));
        }

        return (decision, DecisionMetrics.Thresholds(labels, model, rule), Calibration.Of(labels, model));

        static DecisionReport Report(DecisionOutcome m, DecisionOutcome r) =>
            new(m.K, m.Threshold, m.Precision, m.Recall, m.PositivesReached, m.Confusion, m.Value, r, m.Value - r.Value);
    }

    /// <summary>One line for people: the decision's precision, recall and positives reached, model against rule, and the value.</summary>
    public static string DecisionLine(DecisionReport d)
    {
        var act = d.K is int k ? $"top {k.ToString(CultureInfo.InvariantCulture)}" : $"score >= {Format(d.Threshold)}";
        var value = d.Value is { } v ? $"; value {Format(v)} vs the rule's {Format(d.Rule.Value)} ({(d.ValueOverRule >= 0 ? "+" : "")}{Format(d.ValueOverRule)})" : "";
        return $"decision ({act}): precision {Format(d.Precision)} vs the rule's {Format(d.Rule.Precision)}, recall {Format(d.Recall)} vs {Format(d.Rule.Recall)}, " +
            $"positives reached {Count(d.PositivesReached)} vs {Count(d.Rule.PositivesReached)}; model tp {Count(d.Confusion.Tp)} fp {Count(d.Confusion.Fp)} fn {Count(d.Confusion.Fn)} tn {Count(d.Confusion.Tn)}{value}";
    }

    // A count of rows: whole as such (83, not 83.000); a rule's ties shared out give fractions, shown to one decimal.
    private static string Count(double n) => n.ToString(n == Math.Floor(n) ? "0" : "0.0", CultureInfo.InvariantCulture);
}
