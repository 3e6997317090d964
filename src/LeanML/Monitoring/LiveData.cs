using LeanML.Training;

namespace LeanML.Monitoring;

/// <summary>A project's live predictions with their outcomes, as read once for performance, mistakes and signals.</summary>
/// <param name="Brief">The project's brief.</param>
/// <param name="Outcome">Its outcome block.</param>
/// <param name="Run">The production run.</param>
/// <param name="Task">binary | regression.</param>
/// <param name="Classes">Binary: [negative, positive] as text.</param>
/// <param name="Joined">Each prediction with its outcome status.</param>
/// <param name="Truth">Each labelled prediction's truth as a number (binary 0/1), by prediction id; unreadable labels left out.</param>
/// <param name="OutcomesRead">Rows the outcome SQL gave.</param>
/// <param name="UnreadableLabels">Labelled predictions whose label is not a class of the model.</param>
/// <param name="TestMetrics">The run's metrics on its test rows.</param>
public sealed record LiveData(
    ProjectBrief Brief,
    OutcomeSpec Outcome,
    Runs.TrainingRunRecord Run,
    string Task,
    IReadOnlyList<string>? Classes,
    IReadOnlyList<JoinedPrediction> Joined,
    IReadOnlyDictionary<string, double> Truth,
    long OutcomesRead,
    long UnreadableLabels,
    IReadOnlyDictionary<string, double> TestMetrics);
