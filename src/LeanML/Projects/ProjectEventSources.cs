namespace LeanML.Projects;

/// <summary>The event sources the update and the digest read, one per kind of recorded event.</summary>
public static class ProjectEventSources
{
    /// <summary>
    /// The sources of this build: ingests, runs, promotions, experiments started and decided, stage changes, transform
    /// builds and failing data tests, alerts, and published reports.
    /// </summary>
    public static IReadOnlyList<IProjectEventSource> Default { get; } =
    [
        new IngestEventSource(),
        new RunEventSource(),
        new PromotionEventSource(),
        new ExperimentEventSource(),
        new ExperimentEventSource(decided: true),
        new StageChangeEventSource(),
        new TransformEventSource(),
        new AlertEventSource(),
        new ReportEventSource(),
    ];
}
