namespace LeanML.Experiments;

/// <summary>An experiment as registered in the metadata store by <c>experiment create</c>.</summary>
/// <param name="Name">The experiment's name.</param>
/// <param name="Salt">The hashing salt recorded at creation.</param>
/// <param name="CreatedAt">When it was created (its start unless the file sets <c>start:</c>).</param>
/// <param name="StoppedAt">When it was stopped, or null while running.</param>
public sealed record ExperimentRecord(string Name, string Salt, DateTimeOffset CreatedAt, DateTimeOffset? StoppedAt)
{
    /// <summary>True while new units may still be assigned.</summary>
    public bool Running => StoppedAt is null;
}
