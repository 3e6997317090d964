using LeanML.Runs;

namespace LeanML.Projects;

/// <summary>Promotions of a run to its project's production model.</summary>
public sealed class PromotionEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "promotion";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var promotions = await new RunStore(context.State).PromotionsAsync(null, cancellationToken).ConfigureAwait(false);
        return promotions
            .Where(p => p.PromotedAt >= context.From && known.Contains(p.Project))
            .Select(p => new ProjectEvent(p.Project, p.PromotedAt, Kind, $"run {p.RunId} promoted to production by {p.PromotedBy}", p.RunId))
            .ToList();
    }
}
