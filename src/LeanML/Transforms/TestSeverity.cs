namespace LeanML.Transforms;

/// <summary>What a failing data test does: an error blocks a build's swap and makes <c>leanml test</c> exit 1; a warning is reported only.</summary>
public enum TestSeverity
{
    /// <summary>Blocking (the default).</summary>
    Error,

    /// <summary>Reported, never blocking.</summary>
    Warn,
}
