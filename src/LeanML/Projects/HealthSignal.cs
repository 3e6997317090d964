namespace LeanML.Projects;

/// <summary>What an event tells the health rules beyond "something happened".</summary>
public enum HealthSignal
{
    /// <summary>An ordinary event: it only counts as activity.</summary>
    None,

    /// <summary>A data test of error severity is failing (from the transforms source): off track.</summary>
    FailingErrorTest,

    /// <summary>A monitoring alert fired (from the monitoring source): off track when inside the window.</summary>
    Alert,
}
