namespace LeanML.Serving;

/// <summary>
/// One logged prediction: when, which project and run, the inputs as received (the row's JSON, UTF-8 bytes as they
/// came in: stored without re-encoding) and the model's output numbers, with the prediction's own id (returned to the
/// caller as <c>prediction_id</c>) and the row's id (the brief's <c>dataset.id</c> field, as text; null when the row
/// had none), which outcomes join on.
/// </summary>
public sealed record PredictionLogEntry(DateTimeOffset LoggedAt, string Project, string RunId, byte[] Inputs, float[] Output, string PredictionId, string? RowId);
