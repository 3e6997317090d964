namespace LeanML.Monitoring;

/// <summary>How predictions are grouped in time.</summary>
public enum LiveWindow
{
    /// <summary>UTC calendar days.</summary>
    Day,

    /// <summary>ISO weeks (Monday to Sunday, UTC).</summary>
    Week,
}
