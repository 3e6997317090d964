using LeanML.Projects;

namespace LeanML.Digest;

/// <summary>The digest's sources of this build, one per kind of news.</summary>
public static class DigestSources
{
    /// <summary>Experiments decided, models promoted, health changes, reports published and alerts.</summary>
    public static IReadOnlyList<IDigestSource> Default { get; } =
    [
        new EventDigestSource(new ExperimentEventSource(decided: true), e => $"experiment {e.Link} decided"),
        new EventDigestSource(new PromotionEventSource(), e => $"{e.Project}: run {e.Link} promoted to production"),
        new HealthChangeDigestSource(),
        new ReportDigestSource(),
        new EventDigestSource(new AlertEventSource(), e => $"{e.Project}: {e.Text}"),
    ];
}
