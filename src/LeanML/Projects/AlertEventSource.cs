namespace LeanML.Projects;

/// <summary>Alerts sent (or tried) by <c>leanml monitor --alert</c> and <c>leanml alerts check</c>: off track inside the window.</summary>
public sealed class AlertEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "alert";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var history = await new Monitoring.AlertHistoryStore(context.State).ListAsync(null, 10_000, cancellationToken).ConfigureAwait(false);
        // One line per alert, however many channels it went to.
        return history
            .Where(a => a.SentAt >= context.From && known.Contains(a.Project))
            .GroupBy(a => (a.Project, a.Kind, a.Sentence))
            .Select(g => g.OrderBy(a => a.SentAt).First())
            .Select(a => new ProjectEvent(a.Project, a.SentAt, Kind, $"{a.Kind} alert: {a.Sentence}", a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), HealthSignal.Alert))
            .ToList();
    }
}
