using LeanML.Runs;
using System.Collections.Frozen;
using LeanML.Scoring;
using LeanML.Storage;

namespace LeanML.Serving;

/// <summary>
/// The production model of every project, refreshed from the promotions table: a new promotion loads the run's
/// verified artifacts and swaps one immutable dictionary reference, so a request that took a model keeps that whole
/// model and the next request sees the new one. A run that fails to load keeps the previous model serving.
/// </summary>
public sealed class ProductionModels(Workspace.Workspace workspace)
{
    private readonly ModelSource _source = new(workspace);
    private volatile FrozenDictionary<string, ScoringModel> _models = FrozenDictionary<string, ScoringModel>.Empty;
    private readonly Dictionary<string, string> _failed = new(StringComparer.Ordinal);

    /// <summary>The models now serving, by project.</summary>
    public IReadOnlyDictionary<string, ScoringModel> Current => _models;

    /// <summary>When the last refresh reached the database (UTC), or null before the first.</summary>
    public DateTimeOffset? LastRefresh { get; private set; }

    /// <summary>Load errors of the last refresh by project (a tampered or missing artifact), empty when all loaded.</summary>
    public IReadOnlyDictionary<string, string> Failures => _failed;

    /// <summary>The model serving a project, or null.</summary>
    public ScoringModel? Get(string project) => _models.GetValueOrDefault(project);

    /// <summary>Reads the promotions and swaps in every changed production model; returns the projects that changed.</summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(Database warehouse, CancellationToken cancellationToken = default)
    {
        var runs = new RunStore(warehouse);
        var promotions = await runs.PromotionsAsync(null, cancellationToken).ConfigureAwait(false);
        var production = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in promotions)
        {
            production.TryAdd(p.Project, p.RunId);   // newest first: the first per project is production
        }

        var current = _models;
        var next = new Dictionary<string, ScoringModel>(StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var (project, runId) in production)
        {
            if (current.TryGetValue(project, out var model) && model.RunId == runId)
            {
                next[project] = model;
                continue;
            }

            try
            {
                var run = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
                next[project] = await _source.LoadAsync(run, cancellationToken).ConfigureAwait(false);
                _failed.Remove(project);
                changed.Add(project);
            }
            catch (LeanMLException ex)
            {
                _failed[project] = ex.Message;
                if (model is not null)
                {
                    next[project] = model;
                }
            }
        }

        if (changed.Count > 0 || next.Count != current.Count)
        {
            _models = next.ToFrozenDictionary(StringComparer.Ordinal);
        }

        LastRefresh = DateTimeOffset.UtcNow;
        return changed;
    }
}
