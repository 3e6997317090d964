namespace LeanML.Monitoring;

/// <summary>
/// A run's reference profile (<c>reference.json</c> in its folder): every feature, the prediction and the label as
/// training saw them, so monitoring never rereads the training data.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Task">binary | regression | multiclass.</param>
/// <param name="Rows">Training rows profiled (features and label: every row).</param>
/// <param name="PredictionRows">Rows whose prediction was profiled: the held-out test rows (scores of rows the model never trained on, as live ones are).</param>
/// <param name="Features">One profile per feature, in model column order.</param>
/// <param name="Prediction">The prediction: a binary model's score, a regression's value, a multiclass model's predicted class.</param>
/// <param name="Label">The label as training read it (its class names, or its value).</param>
/// <param name="Gains">Each feature's total gain in the model (importance), by name.</param>
/// <param name="Source">How it was made: "training", or "rebuilt" from the run's recorded data on first use.</param>
public sealed record ReferenceProfile(
    string RunId,
    string Task,
    long Rows,
    long PredictionRows,
    IReadOnlyList<ColumnProfile> Features,
    ColumnProfile Prediction,
    ColumnProfile Label,
    IReadOnlyDictionary<string, double> Gains,
    string Source)
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "reference.json";
}
