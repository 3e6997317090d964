namespace LeanML.Experiments;

/// <summary>A guardrail's non-inferiority verdict against its margin, in its direction.</summary>
public enum GuardrailVerdict
{
    /// <summary>Shown not worse than the margin (the one-sided 1 − alpha bound is inside it).</summary>
    Passed,

    /// <summary>Neither shown within the margin nor shown breached yet.</summary>
    Inconclusive,

    /// <summary>Worse than the margin, and significantly worse than no change.</summary>
    Breached,
}
