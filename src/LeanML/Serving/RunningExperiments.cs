using LeanML.Runs;
using System.Collections.Frozen;
using LeanML.Experiments;
using LeanML.Scoring;
using LeanML.Storage;

namespace LeanML.Serving;

/// <summary>
/// The running experiment of every project (its file says <c>project:</c>), refreshed with the promotions poll: each
/// variant's <c>run</c> is loaded once (verified artifacts, cached by run id) and one immutable dictionary is swapped,
/// so the request path reads no experiment from the database; only the sticky assignment of a unit does.
/// An experiment whose file is invalid or whose variant run cannot be loaded is not routed (its requests get the
/// production model) and is listed in <see cref="Failures"/>.
/// </summary>
/// <remarks>With a <see cref="ServingStore"/>, assignments are written through it (one at a time, a bounded wait).</remarks>
public sealed class RunningExperiments(Workspace.Workspace workspace, TimeProvider? clock = null, ServingStore? store = null)
{
    private readonly ModelSource _source = new(workspace);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private volatile FrozenDictionary<string, ServedExperiment> _byProject = FrozenDictionary<string, ServedExperiment>.Empty;
    private volatile IReadOnlyDictionary<string, string> _failed = FrozenDictionary<string, string>.Empty;
    private volatile Database? _migrated;

    /// <summary>Errors of the last refresh by experiment name (invalid file, missing or tampered run), empty when all loaded.</summary>
    public IReadOnlyDictionary<string, string> Failures => _failed;

    /// <summary>The running experiment routed for a project, or null.</summary>
    public ServedExperiment? Get(string project) => _byProject.GetValueOrDefault(project);

    /// <summary>Reads the running experiments and loads their variants' runs; the newest running experiment of a project wins.</summary>
    public async Task RefreshAsync(Database warehouse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var loaded = _byProject.Values.SelectMany(e => e.Models.Values).OfType<ScoringModel>()
            .GroupBy(m => m.RunId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var runs = new RunStore(warehouse);
        var next = new Dictionary<string, ServedExperiment>(StringComparer.Ordinal);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in await new ExperimentStore(warehouse).ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!record.Running)
            {
                continue;
            }

            try
            {
                var definition = ExperimentDefinition.Load(workspace.ExperimentsDir, record.Name);
                if (definition.Project is not { } project || next.ContainsKey(project))
                {
                    continue;   // listed newest first: an older running experiment of the same project is not routed
                }

                var models = new Dictionary<string, ScoringModel?>(StringComparer.Ordinal);
                foreach (var variant in definition.Variants)
                {
                    models[variant.Name] = variant.Run is null ? null
                        : await LoadAsync(runs, project, variant, loaded, cancellationToken).ConfigureAwait(false);
                }

                next[project] = new ServedExperiment(definition, models);
            }
            catch (LeanMLException ex)
            {
                failed[record.Name] = ex.Message;
            }
        }

        _byProject = next.ToFrozenDictionary(StringComparer.Ordinal);
        _failed = failed;
        _migrated = warehouse;
    }

    /// <summary>
    /// Assigns a unit of a project's running experiment (sticky: recorded once, in one short transaction, which is the
    /// exposure) and returns its variant and model; null when the project runs no experiment.
    /// </summary>
    public async Task<ExperimentRoute?> RouteAsync(string project, string unit, CancellationToken cancellationToken = default)
    {
        if (Get(project) is not { } served || _migrated is not { } migrated)
        {
            return null;
        }

        var definition = served.Definition;
        Task<IReadOnlyList<Assignment>> Assign(Database warehouse, CancellationToken ct) =>
            new ExperimentStore(warehouse).AssignAsync(definition.Name, [unit], u => definition.VariantFor(u).Name, _clock.GetUtcNow(), ct);

        Assignment assignment;
        if (store is not null)
        {
            assignment = (await store.WriteAsync(Assign, cancellationToken).ConfigureAwait(false))[0];
        }
        else
        {
            await using var warehouse = await migrated.OpenSiblingAsync(cancellationToken).ConfigureAwait(false);
            assignment = (await Assign(warehouse, cancellationToken).ConfigureAwait(false))[0];
        }

        if (!served.Models.TryGetValue(assignment.Variant, out var model))
        {
            throw new LeanMLEnvironmentException($"unit '{unit}' is in variant '{assignment.Variant}' of experiment '{definition.Name}', which {definition.File} no longer names; restore the variant or stop the experiment.");
        }

        return new ExperimentRoute(definition.Name, assignment.Variant, model, assignment.New);
    }

    private async Task<ScoringModel> LoadAsync(RunStore runs, string project, ExperimentVariant variant, Dictionary<string, ScoringModel> loaded, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(variant.Run!, cancellationToken).ConfigureAwait(false);
        if (loaded.TryGetValue(run.Id, out var model))
        {
            return model;
        }

        if (run.Project != project)
        {
            throw new LeanMLInputException($"variant '{variant.Name}' names run {run.Id} of project '{run.Project}', but the experiment tests project '{project}'.", field: "run");
        }

        model = await _source.LoadAsync(run, cancellationToken).ConfigureAwait(false);
        loaded[run.Id] = model;
        return model;
    }
}
