using LeanML.Storage;

namespace LeanML.Experiments;

/// <summary>
/// The experiments capability over one workspace and its state store: create, list, show, stop, assign, analyze.
/// The CLI and the HTTP server call these and only map the results.
/// </summary>
public sealed class ExperimentService(Workspace.Workspace workspace, Database warehouse, TimeProvider? clock = null)
{
    /// <summary>The workspace the experiments belong to.</summary>
    public Workspace.Workspace Workspace => workspace;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ExperimentStore _store = new(warehouse);

    /// <summary>Reads and validates <c>experiments/NAME.yaml</c>.</summary>
    public ExperimentDefinition Definition(string name) => ExperimentDefinition.Load(workspace.ExperimentsDir, name);

    /// <summary>Validates the file and registers the experiment; its start is the file's <c>start:</c> or now.</summary>
    public async Task<ExperimentSummary> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var definition = Definition(name);
        await CheckVariantRunsAsync(definition, cancellationToken).ConfigureAwait(false);
        var record = await _store.CreateAsync(name, definition.EffectiveSalt, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await SummaryAsync(definition, record, cancellationToken).ConfigureAwait(false);
    }

    // A variant's run must exist and belong to the project the experiment tests: the server could not route it
    // otherwise (it logged a warning every second, forever).
    private async Task CheckVariantRunsAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        var runs = new Runs.RunStore(warehouse);
        foreach (var variant in definition.Variants.Where(v => v.Run is not null))
        {
            var run = await runs.FindAsync(variant.Run!, cancellationToken).ConfigureAwait(false)
                ?? throw new LeanMLInputException($"variant '{variant.Name}' names run '{variant.Run}', which does not exist. List the runs with 'leanml runs'.", definition.File, field: "run");
            if (definition.Project is null)
            {
                throw new LeanMLInputException($"variant '{variant.Name}' names run {run.Id} of project '{run.Project}', but the experiment names no project. Add 'project: {run.Project}'.", definition.File, field: "project");
            }

            if (run.Project != definition.Project)
            {
                throw new LeanMLInputException(
                    $"variant '{variant.Name}' names run {run.Id}, which belongs to project '{run.Project}', but the experiment tests project '{definition.Project}'. Name a run of '{definition.Project}' (leanml runs {definition.Project}).",
                    definition.File,
                    field: "run");
            }
        }
    }

    /// <summary>Every created experiment with its counts (an experiment whose file is now invalid is an input error).</summary>
    public async Task<IReadOnlyList<ExperimentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<ExperimentSummary>();
        foreach (var record in await _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(await SummaryAsync(Definition(record.Name), record, cancellationToken).ConfigureAwait(false));
        }

        return list;
    }

    /// <summary>One experiment with its counts.</summary>
    public async Task<ExperimentSummary> ShowAsync(string name, CancellationToken cancellationToken = default)
    {
        var (definition, record) = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        return await SummaryAsync(definition, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops an experiment: no new assignments, and events after now are not analysed.</summary>
    public async Task<ExperimentSummary> StopAsync(string name, CancellationToken cancellationToken = default)
    {
        var (definition, record) = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        record = await _store.StopAsync(record, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await SummaryAsync(definition, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Assigns units (sticky: a recorded unit keeps its variant forever). A stopped experiment still answers for
    /// units it already has and refuses new ones.
    /// </summary>
    public async Task<IReadOnlyList<Assignment>> AssignAsync(string name, IReadOnlyList<string> units, CancellationToken cancellationToken = default)
    {
        var (definition, record) = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < units.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(units[i]))
            {
                throw new LeanMLInputException($"unit #{i + 1} is empty; every unit needs an id.", field: "unit");
            }
        }

        if (!record.Running)
        {
            var existing = new List<Assignment>();
            foreach (var unit in units)
            {
                existing.Add(await _store.FindAssignmentAsync(name, unit, cancellationToken).ConfigureAwait(false)
                    ?? throw new LeanMLInputException($"the experiment '{name}' was stopped on {record.StoppedAt:yyyy-MM-dd HH:mm} UTC; it assigns no new units ('{unit}' has none).", field: "unit"));
            }

            return existing;
        }

        return await _store.AssignAsync(name, units, u => definition.VariantFor(u).Name, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The running experiment that tests a project's model (its file says <c>project: NAME</c>), newest first, or null:
    /// the serving hook — assign the request's unit with <see cref="AssignAsync"/> and score it with its variant's <c>run</c>
    /// (none: the business rule / no model).
    /// </summary>
    public async Task<ExperimentDefinition?> RunningForProjectAsync(string project, CancellationToken cancellationToken = default)
    {
        foreach (var record in await _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record.Running && Definition(record.Name) is { } definition && definition.Project == project)
            {
                return definition;
            }
        }

        return null;
    }

    /// <summary>
    /// Analyses the experiment: the decision sentence, then per metric and variant the figures behind it. The events and
    /// assignments are read where analyses read them (<see cref="Storage.Warehouse.OpenForAnalysisAsync"/>: DuckDB's
    /// analytic copy, or PostgreSQL itself).
    /// </summary>
    public async Task<ExperimentAnalysis> AnalyzeAsync(string name, CancellationToken cancellationToken = default)
    {
        var (definition, record) = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        await using var analytic = await Storage.Warehouse.OpenForAnalysisAsync(workspace, cancellationToken).ConfigureAwait(false);
        return await ExperimentAnalyzer.AnalyzeAsync(analytic, definition, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Analyses the experiment over the events and assignments of a given database (a state store or an analytic copy).</summary>
    public async Task<ExperimentAnalysis> AnalyzeAsync(string name, Database events, CancellationToken cancellationToken = default)
    {
        var (definition, record) = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        return await ExperimentAnalyzer.AnalyzeAsync(events, definition, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A defined metric (<c>metrics/NAME.yaml</c>) over one variant's units and the experiment's window (its start to
    /// its stop, or open while running): the same number the experiment's analysis shows for that variant.
    /// </summary>
    public async Task<LeanML.Metrics.MetricValue> MetricForVariantAsync(string name, string metric, string variant, CancellationToken cancellationToken = default)
    {
        var (definition, record) = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        if (!definition.Variants.Any(v => v.Name == variant))
        {
            throw new LeanMLInputException(
                $"the experiment '{name}' has no variant '{variant}'.{Internal.Suggestions.DidYouMean(variant, definition.Variants.Select(v => v.Name))} Its variants: {string.Join(", ", definition.Variants.Select(v => v.Name))}.",
                definition.File, field: "variant");
        }

        var request = new LeanML.Metrics.MetricRequest(metric, Since: definition.Start ?? record.CreatedAt, Until: record.StoppedAt, Population: new LeanML.Metrics.MetricPopulation(name, variant));
        return await new LeanML.Metrics.MetricService(workspace).ComputeAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ExperimentDefinition, ExperimentRecord)> OpenAsync(string name, CancellationToken cancellationToken)
    {
        var definition = Definition(name);
        var record = await _store.FindAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new LeanMLInputException($"the experiment '{name}' has a file but was not created yet; run 'leanml experiment create {name}'.", field: "NAME");
        return (definition, record);
    }

    private async Task<ExperimentSummary> SummaryAsync(ExperimentDefinition definition, ExperimentRecord record, CancellationToken cancellationToken)
    {
        var counts = await _store.CountsAsync(record.Name, cancellationToken).ConfigureAwait(false);
        return new ExperimentSummary(record.Name, record.Running ? "running" : "stopped", definition.Start ?? record.CreatedAt, record.CreatedAt, record.StoppedAt, record.Salt, definition.Primary, definition.Variants, counts);
    }
}
