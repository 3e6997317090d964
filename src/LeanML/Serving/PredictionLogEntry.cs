namespace LeanML.Serving;

/// <summary>
/// One logged prediction: when, which project and run, the inputs as received (the row's JSON, UTF-8 bytes as they
/// came in: stored without re-encoding) and the model's output numbers.
/// </summary>
public sealed record PredictionLogEntry(DateTimeOffset LoggedAt, string Project, string RunId, byte[] Inputs, float[] Output);
