namespace LeanML.Monitoring;

/// <summary>The verdicts of one column, as the report and the JSON spell them.</summary>
public static class DriftVerdicts
{
    /// <summary>The effect is above its floor and significant.</summary>
    public const string Drift = "drift";

    /// <summary>Significant, but the effect is below its floor (a tiny shift in many rows).</summary>
    public const string Negligible = "negligible";

    /// <summary>Not significant.</summary>
    public const string NoDrift = "no drift";

    /// <summary>Fewer live values than min_n.</summary>
    public const string NotEnoughData = "not enough data";
}
