namespace LeanML.Projects;

/// <summary>The event sources the update and the digest read, one per kind of recorded event.</summary>
public static class ProjectEventSources
{
    /// <summary>
    /// The sources of this build. Sources of capabilities still being built (transform builds and failed tests,
    /// monitoring verdicts and alerts, published reports) are appended here as they land.
    /// </summary>
    public static IReadOnlyList<IProjectEventSource> Default { get; } =
    [
        new IngestEventSource(),
        new RunEventSource(),
        new PromotionEventSource(),
        new ExperimentEventSource(),
        new ExperimentEventSource(decided: true),
        new StageChangeEventSource(),
    ];
}
