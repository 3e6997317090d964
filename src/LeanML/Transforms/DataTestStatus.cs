namespace LeanML.Transforms;

/// <summary>The outcome of one data test.</summary>
public enum DataTestStatus
{
    /// <summary>It held.</summary>
    Pass,

    /// <summary>It failed, and its severity is warn: reported, not blocking.</summary>
    Warn,

    /// <summary>It failed, and its severity is error: blocking.</summary>
    Fail,

    /// <summary>It could not run (its SQL failed: a missing column, a bad expression): blocking, and a fault of the YAML.</summary>
    Error,
}
