using LeanML.Experiments;

namespace LeanML.Projects;

/// <summary>
/// Experiments started (created) in the range, with their variants and primary metric — or, as
/// <c>new ExperimentEventSource(decided: true)</c>, experiments decided (stopped) in the range with their analysis's
/// decision sentence. An experiment belongs to the project its file names (<c>project:</c>), else it is workspace-wide.
/// </summary>
/// <param name="decided">False: the experiments started (kind <c>experiment</c>); true: those decided (kind <c>decision</c>).</param>
public sealed class ExperimentEventSource(bool decided = false) : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => decided ? "decision" : "experiment";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var events = new List<ProjectEvent>();
        foreach (var record in await new ExperimentStore(context.State).ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var started = !decided && record.CreatedAt >= context.From;
            var stopped = decided && record.StoppedAt is { } at && at >= context.From;
            if (!started && !stopped)
            {
                continue;
            }

            ExperimentDefinition? definition = null;
            try
            {
                definition = ExperimentDefinition.Load(context.Workspace.ExperimentsDir, record.Name);
            }
            catch (LeanMLInputException)
            {
                // A file removed or broken since: the event is still worth a line, without its project or sentence.
            }

            var project = definition?.Project is { } p && known.Contains(p) ? p : null;
            if (started)
            {
                var what = definition is null ? "" : $": {string.Join(" vs ", definition.Variants.Select(v => v.Name))} on {definition.Primary}";
                events.Add(new ProjectEvent(project, record.CreatedAt, Kind, $"experiment {record.Name} started{what}", record.Name));
            }

            if (stopped)
            {
                var sentence = definition is null ? "" : ": " + await SentenceAsync(context, definition, record, cancellationToken).ConfigureAwait(false);
                events.Add(new ProjectEvent(project, record.StoppedAt!.Value, Kind, $"experiment {record.Name} decided{sentence}", record.Name));
            }
        }

        return events;
    }

    private static async Task<string> SentenceAsync(ProjectEventContext context, ExperimentDefinition definition, ExperimentRecord record, CancellationToken cancellationToken)
    {
        try
        {
            // The state store holds the events and assignments the analysis reads (SQLite or PostgreSQL alike).
            return (await ExperimentAnalyzer.AnalyzeAsync(context.State, definition, record, cancellationToken).ConfigureAwait(false)).Sentence;
        }
        catch (LeanMLInputException ex)
        {
            return $"not analysed ({ex.Message})";
        }
    }
}
