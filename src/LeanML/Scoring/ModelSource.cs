using LeanML.Runs;
using LeanML.Storage;

namespace LeanML.Scoring;

/// <summary>
/// Loads a project's production model (or a named run) from the run store, reading model.json and schema.json only
/// when their SHA-256 still matches what training recorded, so a tampered file is refused.
/// </summary>
public sealed class ModelSource(Workspace.Workspace workspace)
{
    /// <summary>The run that would serve a project: the given run, else the production one; an input error when none.</summary>
    public static async Task<TrainingRunRecord> ResolveRunAsync(Database warehouse, string project, string? run, CancellationToken cancellationToken = default)
    {
        var runs = new RunStore(warehouse);
        if (run is not null)
        {
            var record = await runs.GetAsync(run, cancellationToken).ConfigureAwait(false);
            if (record.Project != project)
            {
                throw new LeanMLInputException($"run {record.Id} belongs to project '{record.Project}', not '{project}'.", field: "--run");
            }

            return record;
        }

        var production = await runs.ProductionRunIdAsync(project, cancellationToken).ConfigureAwait(false)
            ?? throw new LeanMLInputException($"project '{project}' has no production model. Promote a run with 'leanml promote RUN' (list them with 'leanml runs {project}'), or pass --run RUN.", field: "PROJECT");
        return await runs.GetAsync(production, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a run's model after verifying its artifacts.</summary>
    public async Task<ScoringModel> LoadAsync(TrainingRunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var model = await RunArtifacts.ReadVerifiedAsync(workspace, run, RunArtifacts.Model, cancellationToken).ConfigureAwait(false);
        var schema = await RunArtifacts.ReadVerifiedAsync(workspace, run, RunArtifacts.Schema, cancellationToken).ConfigureAwait(false);
        return ScoringModel.Create(run.Project, run.Id, model, schema);
    }

    /// <summary>Loads the model that scores a project: <paramref name="run"/> if given, else production.</summary>
    public async Task<ScoringModel> LoadAsync(Database warehouse, string project, string? run = null, CancellationToken cancellationToken = default)
    {
        var record = await ResolveRunAsync(warehouse, project, run, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(record, cancellationToken).ConfigureAwait(false);
    }
}
