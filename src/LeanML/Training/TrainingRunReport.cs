namespace LeanML.Training;

/// <summary>One feature's gain importance.</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="Gain">Average gain of its splits (0 when never used).</param>
public sealed record FeatureImportance(string Feature, double Gain);

/// <summary>What the data looked like: counts, the split and the fingerprint.</summary>
/// <param name="Rows">Rows used (after dropping NULL labels).</param>
/// <param name="Features">Feature names in model order.</param>
/// <param name="DroppedMissingLabel">Rows dropped for a NULL label.</param>
/// <param name="BaselineNulls">Rows where the business rule was NULL (scored as the naive baseline).</param>
/// <param name="Split">The split, in one line.</param>
/// <param name="TrainRows">Training rows.</param>
/// <param name="ValidRows">Validation rows.</param>
/// <param name="TestRows">Test rows.</param>
/// <param name="Fingerprint">SHA-256 of the matrix and labels in canonical order.</param>
public sealed record TrainingDataSummary(int Rows, IReadOnlyList<string> Features, int DroppedMissingLabel, int BaselineNulls, string Split, int TrainRows, int ValidRows, int TestRows, string Fingerprint);

/// <summary>Versions and machine facts recorded for reproducibility.</summary>
/// <param name="LeanML">LeanML's version.</param>
/// <param name="XGBoost">libxgboost's version.</param>
/// <param name="Dotnet">The .NET runtime.</param>
/// <param name="ProcessorCount">Processors of the machine.</param>
/// <param name="GitCommit">The workspace's git commit, when it is a git repository.</param>
/// <param name="GitDirty">True when the workspace had uncommitted changes.</param>
public sealed record TrainingEnvironment(string LeanML, string XGBoost, string Dotnet, int ProcessorCount, string? GitCommit, bool? GitDirty);

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
/// <param name="Metrics">Metrics by set: train, valid, test (the model), business_baseline and naive_baseline (on test).</param>
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
    IReadOnlyDictionary<string, SortedDictionary<string, double>> Metrics,
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
    string? RerunOf);
