namespace LeanML.Monitoring;

/// <summary>
/// One prediction made in production: from the prediction log (<c>log</c>, with the inputs as received) or from a batch
/// score output table (<c>batch</c>, inputs not kept).
/// </summary>
/// <param name="PredictionId">The prediction's id.</param>
/// <param name="RowId">The scored row's id (the brief's dataset.id), or null when the row had none.</param>
/// <param name="Time">When it was made.</param>
/// <param name="Score">Binary: the positive class's probability; regression: the predicted value.</param>
/// <param name="Source">log | batch.</param>
/// <param name="RunId">The model run that made it.</param>
/// <param name="Inputs">The row's inputs as JSON (logged predictions), or null.</param>
public sealed record LivePrediction(string PredictionId, string? RowId, DateTimeOffset Time, double Score, string Source, string RunId, string? Inputs);
