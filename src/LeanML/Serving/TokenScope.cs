namespace LeanML.Serving;

/// <summary>What an API token may call.</summary>
public enum TokenScope
{
    /// <summary>Predictions: /v1/projects/{project}/predict and /invocations.</summary>
    Predict,

    /// <summary>Experiment events: /v1/events.</summary>
    Events,

    /// <summary>Everything.</summary>
    Admin,
}
