using LeanML.Runs;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using LeanML.Features;
using LeanML.Internal;
using LeanML.Scoring;
using LeanML.Storage;
using LeanML.XGBoost;

namespace LeanML.Training;

/// <summary>
/// Trains a project: reads the brief and its data, splits, grows XGBoost trees with early stopping, scores the model
/// and both baselines on the same test rows, gives the verdict, and records the run with its verified artifacts.
/// </summary>
public sealed partial class TrainingService(Workspace.Workspace workspace)
{
    /// <summary>Artifact: the metrics of every split and baseline.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>Artifact: the parameters used.</summary>
    public const string ParamsFile = "params.json";

    /// <summary>Artifact: the brief's text as trained.</summary>
    public const string BriefFile = "brief.yaml";

    /// <summary>Artifact: the whole report (seed, fingerprint, versions, importance…).</summary>
    public const string ReportFile = "run.json";

    /// <summary>How often progress is reported, in rounds.</summary>
    public const int ProgressEvery = 50;

    /// <summary>JSON of run files: snake_case, indented, NaN allowed.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(FeatureSchema.JsonOptions)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Trains a project's brief with a seed and --param overrides; <paramref name="progress"/> gets one line per 50 rounds.</summary>
    public Task<TrainingRunReport> TrainAsync(string project, int seed, IReadOnlyList<string> overrides, Action<string>? progress = null, CancellationToken cancellationToken = default) =>
        TrainAsync(project, seed, overrides, 0, progress, cancellationToken);

    /// <summary>Trains as above, and with <paramref name="cvFolds"/> ≥ 2 also cross-validates on the train and valid rows (--cv K).</summary>
    public Task<TrainingRunReport> TrainAsync(string project, int seed, IReadOnlyList<string> overrides, int cvFolds, Action<string>? progress = null, CancellationToken cancellationToken = default) =>
        TrainAsync(project, seed, overrides, cvFolds, includeOutcomes: false, progress, cancellationToken);

    /// <summary>
    /// Trains as above; with <paramref name="includeOutcomes"/> (--include-outcomes) the project's labelled live rows are
    /// added to the train and valid rows (<see cref="OutcomeRows"/>), the test rows staying the dataset's.
    /// </summary>
    public async Task<TrainingRunReport> TrainAsync(string project, int seed, IReadOnlyList<string> overrides, int cvFolds, bool includeOutcomes, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (cvFolds is 1 or < 0)
        {
            throw new LeanMLInputException($"--cv is {cvFolds}; cross-validation needs at least 2 folds (e.g. --cv 5), or leave it out.", field: "--cv");
        }

        var brief = ProjectBrief.Load(workspace, project);
        TrainingParameters.CheckOverrides(overrides);
        var set = await ReadSetAsync(brief, cancellationToken).ConfigureAwait(false);
        var live = includeOutcomes ? await OutcomeRows.ReadAsync(workspace, brief, cancellationToken).ConfigureAwait(false) : null;
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var outcome = await TrainAndRecordAsync(state, brief, set, seed, p => p.Override(overrides), null, progress, cancellationToken, cvFolds: cvFolds, outcomes: live).ConfigureAwait(false);
        return outcome.Report;
    }

    // The training set, read from the warehouse opened read-only for just this (other processes may use it after).
    private async Task<TrainingSet> ReadSetAsync(ProjectBrief brief, CancellationToken cancellationToken)
    {
        await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false);
        return await TrainingSetReader.ReadAsync(warehouse, brief, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(TrainingRunReport Report, byte[] Model)> TrainAndRecordAsync(
        Database state, ProjectBrief brief, TrainingSet set, int seed, Func<TrainingParameters, TrainingParameters> configure, string? rerunOf, Action<string>? progress, CancellationToken cancellationToken,
        int? legacySplitSeed = null, int cvFolds = 0, IReadOnlyList<LabelledPrediction>? outcomes = null)
    {
        var split = DataSplit.Create(set, brief.Task, brief.Dataset.SplitSeed, legacySplitSeed, brief.File);
        IncludedOutcomes? included = null;
        if (outcomes is not null)
        {
            // After the dataset's split, so its test rows (and the verdict made on them) do not move.
            (set, split, included) = OutcomeRows.Append(set, split, brief, outcomes);
        }

        progress?.Invoke($"{brief.Name}: {set.Rows} rows, {set.Features.Count} features; {split.Description}");
        foreach (var warning in set.Warnings)
        {
            progress?.Invoke("warning: " + warning);
        }

        var leakage = LeakageChecks.Run(set, split, brief.Task, brief.Dataset.Time);
        foreach (var warning in leakage)
        {
            progress?.Invoke("warning: " + warning.Message);
        }

        var classes = set.Classes?.Count ?? 0;
        var evalMetric = MetricCatalog.EarlyStoppingMetric(brief.Task, brief.Metric);
        var parameters = configure(TrainingParameters.Defaults(brief.Task, classes, evalMetric, seed));
        progress?.Invoke("parameters: " + parameters);

        // Two git child processes (commit, dirty flag): started here, off this thread, they finish while training runs.
        var gitTask = Task.Run(() => GitInfo.ReadAsync(workspace.Root, cancellationToken), cancellationToken);
        var trained = TrainModel(set, split, parameters, brief.Task, classes, progress);
        var k = ProjectBrief.PrecisionAtK(brief.Metric) ?? (brief.DoneWhen.Names.Select(ProjectBrief.PrecisionAtK).FirstOrDefault(x => x is not null));
        var testLabels = set.LabelsOf(split.Test);
        var (business, naive) = BaselineScores(brief.Task, set, split, classes);
        (string Name, float[] Labels, double[] Scores)[] scored =
        [
            ("train", set.LabelsOf(split.Train), trained.Train),
            ("valid", set.LabelsOf(split.Valid), trained.Valid),
            ("test", testLabels, trained.Test),
            ("business_baseline", testLabels, business),
            ("naive_baseline", testLabels, naive),
        ];

        // The metrics of each split and baseline and the features' training distributions are independent: computed side by side.
        var results = new SortedDictionary<string, double>[scored.Length];
        var distributions = new FeatureDistribution[set.Features.Count];
        Parallel.Invoke(
            [
                .. scored.Select((s, i) => (Action)(() => results[i] = Evaluate(brief.Task, s.Labels, s.Scores, classes, k))),
                .. set.Features.Select((f, i) => (Action)(() => distributions[i] = FeatureDistributions.Of(f, set.Columns[i], split.Train))),
            ]);
        var metrics = scored.Select((s, i) => (s.Name, Metrics: results[i])).ToDictionary(x => x.Name, x => x.Metrics, StringComparer.Ordinal);
        // A rule that answers 0/1 (or names a class) gives no probabilities: its log loss would only measure the
        // clipping constant (9.65, 24.7), so it is not a number but "n/a" (null in JSON).
        var ruleHasNoLogLoss = RuleGivesNoProbabilities(brief.Task, set, split);
        if (ruleHasNoLogLoss)
        {
            metrics["business_baseline"]["logloss"] = double.NaN;
        }

        // Lift is "how much better than the business rule": model minus baseline, flipped for error metrics.
        var modelValue = metrics["test"][brief.Metric];
        var baselineValue = metrics["business_baseline"][brief.Metric];
        var lift = MetricCatalog.LowerIsBetter(brief.Metric) ? baselineValue - modelValue : modelValue - baselineValue;
        var liftInterval = AddIntervals(brief, metrics, testLabels, trained.Test, business, classes, k, ruleHasNoLogLoss);
        var values = new Dictionary<string, double>(metrics["test"], StringComparer.Ordinal) { ["lift"] = lift, ["lift_low"] = liftInterval.Low, ["lift_high"] = liftInterval.High };
        var barMet = brief.DoneWhen.Evaluate(values);
        var barCertain = barMet && brief.DoneWhen.EvaluatePessimistic(values);
        var verdict = Verdict(
            brief, barMet, modelValue, baselineValue, lift,
            brief.Task == "binary" ? set.Classes?[1] : null,
            brief.Task == "binary" ? metrics["business_baseline"]["auc"] : double.NaN,
            ruleHasNoLogLoss && brief.Metric == "logloss",
            IntervalOf(metrics["test"], brief.Metric), liftInterval, barCertain, leakage.Count > 0 ? leakage[0].Clause : null);
        if (included is not null)
        {
            verdict += string.Create(CultureInfo.InvariantCulture, $" — trained with {included.Added} live rows from outcomes ({included.Train} train, {included.Valid} valid; the test rows are the dataset's)");
        }

        var reported = metrics.ToDictionary(
            m => m.Key,
            m => new SortedDictionary<string, double?>(m.Value.ToDictionary(x => x.Key, x => (m.Key == "business_baseline" && x.Key.StartsWith("logloss", StringComparison.Ordinal) && ruleHasNoLogLoss) || (IsIntervalEnd(x.Key) && double.IsNaN(x.Value)) ? null : (double?)x.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            StringComparer.Ordinal);

        var cv = cvFolds >= 2 ? CrossValidate(brief, set, split, parameters, classes, k, trained.BestRound, cvFolds, progress) : null;
        var (decision, thresholds, calibration) = brief.Task == "binary"
            ? DecisionAndCalibration(brief, testLabels, trained.Test, business)
            : (null, null, null);
        var schema = new FeatureSchema(
            brief.Task,
            brief.Dataset.Id,
            brief.Dataset.Label,
            set.Classes,
            set.Features.Select((f, i) => f with { Distribution = distributions[i] }).ToList());
        var git = await gitTask.ConfigureAwait(false);
        var createdAt = DateTimeOffset.UtcNow;
        var runId = Ulid.New(createdAt);
        var report = new TrainingRunReport(
            runId, brief.Name, createdAt, brief.Task, brief.Metric,
            modelValue, baselineValue, metrics["naive_baseline"][brief.Metric], lift, barMet, verdict, brief.DoneWhen.Text, brief.Baseline.Name,
            reported, trained.Importance, parameters, seed, trained.BestRound, trained.RoundsRun, parameters.EarlyStoppingMetric(),
            new TrainingDataSummary(set.Rows, set.Features.Select(f => f.Name).ToList(), set.DroppedMissingLabel, set.BaselineNulls, split.Description, split.Train.Length, split.Valid.Length, split.Test.Length, set.Fingerprint,
                split.Method is "time" or DataSplit.IdHashMethod ? split.Method : null, split.Method == DataSplit.IdHashMethod ? brief.Dataset.SplitSeed : null, included),
            brief.Hash,
            new TrainingEnvironment(LeanMLVersion, XGBoostLibrary.Version(), Environment.Version.ToString(), Environment.ProcessorCount, git?.Commit, git?.Dirty),
            [.. set.Warnings, .. leakage.Select(l => l.Message), .. trained.Warnings],
            rerunOf,
            barCertain,
            Finite(liftInterval.Low),
            Finite(liftInterval.High),
            leakage,
            cv,
            decision,
            thresholds,
            calibration);

        var runDir = RunArtifacts.RunDir(workspace, runId);
        var artifacts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [RunArtifacts.Model] = await RunArtifacts.WriteAsync(runDir, RunArtifacts.Model, trained.ModelJson, cancellationToken).ConfigureAwait(false),
            [RunArtifacts.Schema] = await RunArtifacts.WriteAsync(runDir, RunArtifacts.Schema, Encoding.UTF8.GetBytes(schema.ToJson()), cancellationToken).ConfigureAwait(false),
            [MetricsFile] = await RunArtifacts.WriteAsync(runDir, MetricsFile, JsonSerializer.SerializeToUtf8Bytes(reported, JsonOptions.Info<Dictionary<string, SortedDictionary<string, double?>>>()), cancellationToken).ConfigureAwait(false),
            [ParamsFile] = await RunArtifacts.WriteAsync(runDir, ParamsFile, JsonSerializer.SerializeToUtf8Bytes(parameters, JsonOptions.Info<TrainingParameters>()), cancellationToken).ConfigureAwait(false),
            [BriefFile] = await RunArtifacts.WriteAsync(runDir, BriefFile, Encoding.UTF8.GetBytes(brief.Text), cancellationToken).ConfigureAwait(false),
            [ReportFile] = await RunArtifacts.WriteAsync(runDir, ReportFile, JsonSerializer.SerializeToUtf8Bytes(report, JsonOptions.Info<TrainingRunReport>()), cancellationToken).ConfigureAwait(false),
            [Explanations.ShapImportance.FileName] = await Explanations.ShapImportance.WriteAsync(runDir, trained.ModelJson, set.RowMajor(split.Test), cancellationToken).ConfigureAwait(false),
            [Monitoring.ReferenceProfile.FileName] = await Monitoring.ReferenceProfiles.WriteAsync(runDir, runId, brief.Task, set, split.Test, trained.Test, trained.Importance, cancellationToken).ConfigureAwait(false),
        };

        var store = new RunStore(state);
        await store.InsertAsync(new TrainingRunRecord(
            runId, report.Project, createdAt, brief.Task, brief.Metric, Finite(modelValue), Finite(baselineValue), Finite(lift), barMet, verdict, seed,
            set.Fingerprint, artifacts, JsonSerializer.Serialize(report, JsonOptions.Info<TrainingRunReport>())), cancellationToken).ConfigureAwait(false);
        return (report, trained.ModelJson);
    }

    /// <summary>
    /// The verdict sentence of DESIGN.md section 4 with the exact numbers: the bar, the model (with its 95% interval)
    /// against the rule, the lift (with its paired interval), the positive class of a binary label, and trailing
    /// warnings when the rule ranks worse than chance or a feature looks like leakage. "done, but not certain" when the
    /// bar is met by the estimates but not at the intervals' pessimistic ends.
    /// </summary>
    public static string Verdict(
        ProjectBrief brief, bool barMet, double model, double baseline, double lift, string? positiveClass = null, double ruleAuc = double.NaN, bool ruleGivesNoProbabilities = false,
        Evaluation.MetricInterval? modelInterval = null, Evaluation.MetricInterval? liftInterval = null, bool barCertain = true, string? leakageClause = null)
    {
        var rule = $"the rule '{brief.Baseline.Name}'";
        var liftRange = liftInterval is { } li && !double.IsNaN(li.Low) ? (lift < 0 ? Range(-li.High, -li.Low) : Range(li.Low, li.High)) : "";
        var comparison = ruleGivesNoProbabilities ? $"against {rule} (n/a: the rule gives no probabilities)"
            : double.IsNaN(lift) ? $"against {rule} ({Format(baseline)})"
            : lift > 0 ? $"beats {rule} ({Format(baseline)}) by {Format(lift)}{liftRange}"
            : lift < 0 ? $"trails {rule} ({Format(baseline)}) by {Format(-lift)}{liftRange}"
            : $"ties {rule} ({Format(baseline)}){liftRange}";
        var positive = positiveClass is null ? "" : $", positive class '{positiveClass}'";
        var backwards = ruleAuc < 0.5 ? " — the rule scores below 0.5 AUC: is it written backwards?" : "";
        var leak = leakageClause is null ? "" : $" — but {leakageClause}: check for leakage";
        var modelRange = modelInterval is { } mi && !double.IsNaN(mi.Low) ? Range(mi.Low, mi.High) : "";
        var head = !barMet ? "not yet" : barCertain ? "done" : "done, but not certain";
        return $"{head}: {brief.Metric} {Format(model)}{modelRange} {comparison}{positive}; the bar was {brief.DoneWhen.Text}{backwards}{leak}";

        static string Range(double low, double high) => $" ({Format(low)}–{Format(high)})";
    }

    /// <summary>A metric value as shown to people: three decimals (fewer for large values); n/a for none.</summary>
    public static string Format(double? value) => value is { } v ? Format(v) : "n/a";

    /// <summary>A metric value as shown to people: three decimals (fewer for large values).</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : Math.Abs(value) >= 1000 ? value.ToString("0.#", CultureInfo.InvariantCulture) : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string LeanMLVersion =>
        typeof(TrainingService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static SortedDictionary<string, double> Evaluate(string task, float[] labels, double[] scores, int classes, int? k) => task switch
    {
        "binary" => TrainingMetrics.Binary(labels, scores, k),
        "regression" => TrainingMetrics.Regression(labels, scores),
        _ => TrainingMetrics.Multiclass(labels, scores, classes),
    };

    // A binary rule whose values are all 0 or 1, or a multiclass rule (it names a class): no probabilities to score.
    private static bool RuleGivesNoProbabilities(string task, TrainingSet set, DataSplit split)
    {
        if (task == "multiclass")
        {
            return true;
        }

        if (task != "binary")
        {
            return false;
        }

        var given = split.Test.Select(r => set.Baseline[r]).Where(v => !double.IsNaN(v)).ToList();
        return given.Count > 0 && given.All(v => v is 0 or 1);
    }

    // The business rule's scores on the test rows (NULL → the naive value), and the naive baseline's:
    // prior rate (binary), class frequencies (multiclass), training mean (regression).
    private static (double[] Business, double[] Naive) BaselineScores(string task, TrainingSet set, DataSplit split, int classes)
    {
        var trainLabels = set.LabelsOf(split.Train);
        var test = split.Test;
        if (task == "multiclass")
        {
            var freq = new double[classes];
            foreach (var l in trainLabels)
            {
                freq[(int)l] += 1.0 / trainLabels.Length;
            }

            var naive = new double[test.Length * classes];
            var business = new double[test.Length * classes];
            for (var i = 0; i < test.Length; i++)
            {
                freq.CopyTo(naive, i * classes);
                var c = set.Baseline[test[i]];
                if (double.IsNaN(c))
                {
                    freq.CopyTo(business, i * classes);
                }
                else
                {
                    business[(i * classes) + (int)c] = 1;
                }
            }

            return (business, naive);
        }

        var constant = trainLabels.Average(l => (double)l);
        return (test.Select(r => double.IsNaN(set.Baseline[r]) ? constant : set.Baseline[r]).ToArray(), Enumerable.Repeat(constant, test.Length).ToArray());
    }

    private sealed record TrainedModel(byte[] ModelJson, double[] Train, double[] Valid, double[] Test, IReadOnlyList<FeatureImportance> Importance, int BestRound, int RoundsRun, IReadOnlyList<string> Warnings);

    private static TrainedModel TrainModel(TrainingSet set, DataSplit split, TrainingParameters parameters, string task, int classes, Action<string>? progress)
    {
        // libxgboost's own warnings (a parameter the booster does not use) become the run's warnings, never lost.
        var warnings = new List<string>();
        try
        {
            using var log = XGBoostLibrary.CaptureLog(line =>
            {
                lock (warnings)
                {
                    warnings.Add("XGBoost: " + line);
                }

                progress?.Invoke("warning: XGBoost: " + line);
            });
            // The matrices are built with the threads training may use.
            var threads = int.TryParse(parameters.Booster.GetValueOrDefault("nthread"), CultureInfo.InvariantCulture, out var n) ? n : 0;
            using var train = Matrix(set, split.Train, threads);
            // The validation rows go to libxgboost only for early stopping; otherwise they are scored after training.
            using var valid = parameters.Patience > 0 ? Matrix(set, split.Valid, threads) : null;
            progress?.Invoke($"training on {split.Train.Length} rows (validating on {split.Valid.Length})");
            using var booster = valid is null ? Booster.Create(train) : Booster.Create(train, valid);
            // Through the C API libxgboost checks nothing unless asked (Python's xgboost asks): with this it warns of
            // parameters the booster does not use, e.g. a dart-only one with the default gbtree.
            booster.SetParam("validate_parameters", "1");
            foreach (var (name, value) in parameters.Booster)
            {
                booster.SetParam(name, value);
            }

            var metricName = parameters.EarlyStoppingMetric();
            var maximize = MetricCatalog.XGBoostMetricMaximized(metricName);
            var best = double.NaN;
            var bestRound = 0;
            var round = 0;
            for (; round < parameters.Rounds; round++)
            {
                booster.UpdateOneIter(round, train);
                var report = (round + 1) % ProgressEvery == 0;
                if (parameters.Patience == 0)
                {
                    // Without early stopping the validation metric is not needed while training: the report gives
                    // every split's metrics at the end. (Evaluating it for the progress line cost about 0.15 s a time
                    // on 160,000 validation rows.)
                    if (report)
                    {
                        progress?.Invoke($"round {round + 1} of {parameters.Rounds}");
                    }

                    continue;
                }

                var eval = booster.EvalOneIter(round, (valid!, "valid"));
                var value = eval.TryGetValue("valid-" + metricName, out var v) ? v : eval.Values.LastOrDefault(double.NaN);
                if (double.IsNaN(best) || (maximize ? value > best : value < best))
                {
                    best = value;
                    bestRound = round + 1;
                }

                if (report)
                {
                    progress?.Invoke($"round {round + 1}: valid {metricName} {Format(value)} (best {Format(best)} at round {bestRound})");
                }

                if (parameters.Patience > 0 && round + 1 - bestRound >= parameters.Patience)
                {
                    round++;
                    break;
                }
            }

            var roundsRun = Math.Min(round, parameters.Rounds);
            if (parameters.Patience == 0)
            {
                bestRound = roundsRun;
            }

            progress?.Invoke(parameters.Patience == 0
                ? $"kept {bestRound} of {roundsRun} rounds (no early stopping)"
                : $"kept {bestRound} of {roundsRun} rounds (best valid {metricName} {Format(best)})");
            using var final = bestRound < roundsRun ? booster.Slice(bestRound) : null;
            var model = final ?? booster;
            // A sliced booster forgets the feature names and types; the saved model must carry them (Python reads them).
            model.SetFeatureInfo(set.Features.Select(f => f.Name).ToList(), set.Features.Select(f => f.Kind == FeatureKind.Category ? "c" : "q").ToList());
            var gains = model.FeatureScore("gain");
            var importance = set.Features
                .Select(f => new FeatureImportance(f.Name, gains.TryGetValue(f.Name, out var g) ? g : 0))
                .OrderByDescending(f => f.Gain).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList();
            var json = model.SaveJson();
            var evaluator = TryLoadEvaluator(json);
            // libxgboost's prediction cache holds the training rows' scores (filled while training) and, when early
            // stopping evaluated every round, the validation rows' too; not when the model was cut back to its best
            // round (a new booster, with no cache).
            var trainCached = final is null;
            var validCached = final is null && parameters.Patience > 0;
            return new TrainedModel(
                json,
                trainCached || evaluator is null ? ToDouble(model.Predict(train)) : Score(evaluator, split.Train, threads),
                validCached ? ToDouble(model.Predict(valid!)) : evaluator is null ? PredictNative(model, split.Valid, threads) : Score(evaluator, split.Valid, threads),
                evaluator is null ? PredictNative(model, split.Test, threads) : Score(evaluator, split.Test, threads),
                importance, bestRound, roundsRun, warnings);
        }
        catch (XGBoostLibraryNotFoundException ex)
        {
            throw new LeanMLEnvironmentException(ex.Message, ex);
        }
        catch (XGBoostException ex)
        {
            throw new LeanMLInputException($"XGBoost refused to train: {ex.Message} Check the --param values ({parameters}).", field: "--param", inner: ex);
        }

        // Rows libxgboost has no cached scores for are scored by the managed evaluator that serving and batch scoring
        // use: the same numbers bit for bit, several times faster (bench: evaluator; 160,000 validation rows of 100
        // trees: 0.35 s in libxgboost). An objective the evaluator does not know (null here) falls back to libxgboost.
        static XGBoostModel? TryLoadEvaluator(byte[] json)
        {
            try
            {
                return XGBoostModel.Load(json);
            }
            catch (LeanMLInputException)
            {
                return null;
            }
        }

        double[] Score(XGBoostModel evaluator, int[] rows, int threads)
        {
            const int Chunk = 4096;
            var data = set.RowMajor(rows);
            var width = set.Columns.Count;
            var outputs = evaluator.OutputCount;
            var scores = new float[rows.Length * outputs];
            Parallel.For(0, (rows.Length + Chunk - 1) / Chunk, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1 }, c =>
            {
                var start = c * Chunk;
                var count = Math.Min(Chunk, rows.Length - start);
                evaluator.PredictBatch(data.AsSpan(start * width, count * width), scores.AsSpan(start * outputs, count * outputs));
            });
            return ToDouble(scores);
        }

        double[] PredictNative(Booster model, int[] rows, int threads)
        {
            using var matrix = Matrix(set, rows, threads);
            return ToDouble(model.Predict(matrix));
        }

        static double[] ToDouble(float[] scores) => Array.ConvertAll(scores, x => (double)x);

        DMatrix Matrix(TrainingSet s, int[] rows, int threads)
        {
            var m = DMatrix.FromRowMajor(s.RowMajor(rows), rows.Length, s.Columns.Count, threads);
            try
            {
                m.SetLabels(s.LabelsOf(rows));
                m.SetFeatureNames(s.Features.Select(f => f.Name).ToList());
                m.SetFeatureTypes(s.Features.Select(f => f.Kind == FeatureKind.Category ? "c" : "q").ToList());
                return m;
            }
            catch
            {
                m.Dispose();
                throw;
            }
        }
    }
}
