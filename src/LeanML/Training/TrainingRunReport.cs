namespace LeanML.Training;

/// <summary>
/// Everything a training run reports and records (the <c>--json</c> of <c>leanml train</c>, the run's <c>run.json</c>
/// and its details in the metadata store).
/// </summary>
/// <param name="RunId">The run id.</param>
/// <param name="Project">The project.</param>
/// <param name="CreatedAt">When the run finished.</param>
/// <param name="Task">binary | regression | multiclass.</param>
/// <param name="Metric">The primary metric.</param>
/// <param name="ModelValue">The model's primary metric on the test rows.</param>
/// <param name="BaselineValue">The business baseline's primary metric on the same rows.</param>
/// <param name="NaiveValue">The naive baseline's primary metric on the same rows.</param>
/// <param name="Lift">How much better the model is than the business baseline on the primary metric (positive is better).</param>
/// <param name="BarMet">Whether done_when held.</param>
/// <param name="Verdict">The verdict sentence.</param>
/// <param name="DoneWhen">The bar as written.</param>
/// <param name="BaselineName">The business baseline's name.</param>
/// <param name="Metrics">Metrics by set: train, valid, test (the model), business_baseline and naive_baseline (on test); null where a set cannot have the metric (a 0/1 rule's logloss).</param>
/// <param name="Importance">Gain importance of every feature, largest first.</param>
/// <param name="Parameters">The parameters used.</param>
/// <param name="Seed">The seed of the split and of XGBoost.</param>
/// <param name="BestRound">Rounds kept (the best validation round, 1-based).</param>
/// <param name="RoundsRun">Rounds run before stopping.</param>
/// <param name="EarlyStoppingMetric">XGBoost's metric watched on the validation rows.</param>
/// <param name="Data">The data summary.</param>
/// <param name="BriefHash">SHA-256 of the brief's text.</param>
/// <param name="Environment">Versions and machine facts.</param>
/// <param name="Warnings">Warnings for the user.</param>
/// <param name="RerunOf">The run this one re-ran, if any.</param>
/// <param name="BarCertain">Whether done_when held at the pessimistic end of every 95% interval (null in older runs).</param>
/// <param name="LiftLow">The lower end of the lift's paired 95% bootstrap interval.</param>
/// <param name="LiftHigh">The upper end of the lift's paired 95% bootstrap interval.</param>
/// <param name="Leakage">Leakage warnings found before training.</param>
/// <param name="Cv">k-fold cross-validation, with --cv K.</param>
/// <param name="Decision">The decision's own metric (decision_k or decision_threshold), binary only.</param>
/// <param name="Thresholds">The F1-maximising and rule-share thresholds, binary only.</param>
/// <param name="Calibration">Reliability table, Brier score and ECE of the test rows, binary only.</param>
public sealed record TrainingRunReport(
    string RunId,
    string Project,
    DateTimeOffset CreatedAt,
    string Task,
    string Metric,
    double ModelValue,
    double BaselineValue,
    double NaiveValue,
    double Lift,
    bool BarMet,
    string Verdict,
    string DoneWhen,
    string BaselineName,
    IReadOnlyDictionary<string, SortedDictionary<string, double?>> Metrics,
    IReadOnlyList<FeatureImportance> Importance,
    TrainingParameters Parameters,
    int Seed,
    int BestRound,
    int RoundsRun,
    string EarlyStoppingMetric,
    TrainingDataSummary Data,
    string BriefHash,
    TrainingEnvironment Environment,
    IReadOnlyList<string> Warnings,
    string? RerunOf,
    bool? BarCertain = null,
    double? LiftLow = null,
    double? LiftHigh = null,
    IReadOnlyList<LeakageWarning>? Leakage = null,
    CrossValidationReport? Cv = null,
    Evaluation.DecisionReport? Decision = null,
    Evaluation.ThresholdChoices? Thresholds = null,
    Evaluation.CalibrationReport? Calibration = null);
