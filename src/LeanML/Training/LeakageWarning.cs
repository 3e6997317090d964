namespace LeanML.Training;

/// <summary>A sign that a feature leaks the label (knows the answer, or comes from after the prediction time).</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Check">alone_predicts | unique_per_row | one_class_only | after_time.</param>
/// <param name="Value">The check's figure: the feature's own test AUC/R²/accuracy, its distinct share, its rows, or the share later than the time column.</param>
/// <param name="Message">The warning for the user.</param>
/// <param name="Clause">The verdict's trailing clause, e.g. "'churn_flag' alone predicts the label".</param>
public sealed record LeakageWarning(string Feature, string Check, double Value, string Message, string Clause);
