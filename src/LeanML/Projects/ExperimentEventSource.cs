using LeanML.Experiments;

namespace LeanML.Projects;

/// <summary>
/// Experiments started (created) or decided (stopped) in the range; a decided one carries its analysis's decision
/// sentence. An experiment belongs to the project its file names (<c>project:</c>), else it is workspace-wide.
/// </summary>
public sealed class ExperimentEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "experiment";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var events = new List<ProjectEvent>();
        foreach (var record in await new ExperimentStore(context.State).ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var started = record.CreatedAt >= context.From;
            var decided = record.StoppedAt is { } stopped && stopped >= context.From;
            if (!started && !decided)
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

            if (decided)
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
