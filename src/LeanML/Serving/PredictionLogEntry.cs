namespace LeanML.Serving;

/// <summary>One logged prediction: when, which project and run, the inputs as received and the model's output numbers.</summary>
public sealed record PredictionLogEntry(DateTimeOffset LoggedAt, string Project, string RunId, string Inputs, float[] Output);
