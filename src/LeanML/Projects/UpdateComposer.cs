using LeanML.Runs;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.Projects;

/// <summary>
/// Composes projects' updates from what LeanML already records: each event source is read once for all projects,
/// the events are grouped by project, and the health rules are applied to each (see <see cref="ProjectHealth"/>).
/// </summary>
public sealed class UpdateComposer(Workspace.Workspace workspace, Database state, Database? warehouse, IReadOnlyList<IProjectEventSource>? sources = null, TimeProvider? clock = null)
{
    private readonly IReadOnlyList<IProjectEventSource> _sources = sources ?? ProjectEventSources.Default;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The update of every project, or of <paramref name="project"/> only, over the last <paramref name="window"/>.</summary>
    /// <param name="project">One project, or null for all.</param>
    /// <param name="window">How far back the lines go (e.g. 7 days).</param>
    /// <param name="allHistory">Read every event ever recorded (the board's "last event"), not only the window and the 14 quiet days.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<WeeklyUpdate> ComposeAsync(string? project, TimeSpan window, bool allHistory = false, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var since = now - window;
        var cards = project is null ? ProjectCard.LoadAll(workspace) : [ProjectCard.Load(workspace, project)];
        var quiet = now.AddDays(-ProjectHealth.QuietDays);
        var from = allHistory ? DateTimeOffset.MinValue : (since < quiet ? since : quiet);
        var context = new ProjectEventContext(workspace, state, warehouse, cards, from, now);

        var events = new List<ProjectEvent>();
        foreach (var source in _sources)
        {
            events.AddRange(await source.ReadAsync(context, cancellationToken).ConfigureAwait(false));
        }

        var byProject = events.Where(e => e.Project is not null).ToLookup(e => e.Project!, StringComparer.Ordinal);
        var runs = (await new RunStore(state).ListAsync(project, cancellationToken).ConfigureAwait(false)).ToLookup(r => r.Project, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var updates = new List<ProjectUpdate>(cards.Count);
        foreach (var card in cards)
        {
            var mine = byProject[card.Name].OrderBy(e => e.At).ToList();
            var best = Best(card, runs[card.Name]);
            var health = ProjectHealth.Evaluate(card, mine, best?.BarMet == true, since, now);
            updates.Add(new ProjectUpdate(
                card.Name,
                card.Stage,
                card.Owner,
                card.Due,
                card.Due is { } due ? due.DayNumber - today.DayNumber : null,
                health.Status,
                health.Reason,
                card.HealthNote,
                best,
                mine.Count == 0 ? null : mine[^1],
                mine.Where(e => e.At >= since).ToList()));
        }

        var order = ProjectBrief.Stages.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        updates.Sort((a, b) => order[a.Stage] != order[b.Stage] ? order[a.Stage].CompareTo(order[b.Stage]) : string.CompareOrdinal(a.Project, b.Project));
        var loose = project is null ? events.Where(e => e.Project is null && e.At >= since).OrderBy(e => e.At).ToList() : [];
        return new WeeklyUpdate(since, now, updates, loose);
    }

    /// <summary>The best run: one that met the bar before one that did not, then the best primary metric, then the newest.</summary>
    internal static BestRun? Best(ProjectCard card, IEnumerable<TrainingRunRecord> runs)
    {
        var best = runs
            .OrderByDescending(r => r.BarMet)
            .ThenByDescending(r => r.ModelValue is double v ? (MetricCatalog.LowerIsBetter(r.Metric) ? -v : v) : double.NegativeInfinity)
            .ThenByDescending(r => r.CreatedAt)
            .FirstOrDefault();
        return best is null ? null : new BestRun(best.Id, best.Metric, best.ModelValue, card.BaselineName, best.BaselineValue, best.Lift, best.BarMet, card.DoneWhen);
    }
}
