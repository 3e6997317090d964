namespace LeanML.Experiments;

/// <summary>The answer an analysis gives, in order of precedence.</summary>
public enum ExperimentDecision
{
    /// <summary>The primary metric is significantly better and no guardrail was breached.</summary>
    Ship,

    /// <summary>The primary metric is significantly worse, a guardrail was breached, or a powered test found no effect.</summary>
    DoNotShip,

    /// <summary>No significant difference yet; more units are needed for the stated power and effect.</summary>
    KeepRunning,

    /// <summary>Fewer than 150 units in some variant: too early for any answer.</summary>
    NotEnoughData,

    /// <summary>The assignment counts do not match the weights: the results cannot be trusted.</summary>
    SampleRatioMismatch,
}
