using System.Text.Json;
using System.Text.Json.Serialization;
using LeanML.Features;
using LeanML.Internal;
using LeanML.Runs;
using LeanML.Scoring;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.Monitoring;

/// <summary>
/// Writes a run's reference profile at training time, and reads it back for monitoring: verified against its
/// recorded SHA-256, or, for a run trained before profiles existed, rebuilt once from the run's recorded data (its
/// brief's dataset.sql, checked against the run's fingerprint, as <c>leanml rerun</c> re-creates it).
/// </summary>
public static class ReferenceProfiles
{
    /// <summary>JSON of reference.json: snake_case, compact (a profile of 100 features is about 300 kB indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = MonitoringJsonContext.Default,
    };

    /// <summary>
    /// The training hook: profiles every feature and the label over all rows and the prediction over
    /// <paramref name="predictionRows"/> (the test rows, scored by the model never trained on them), writes
    /// reference.json into <paramref name="runDir"/> and returns its SHA-256 for the run's artifacts.
    /// </summary>
    public static async Task<string> WriteAsync(string runDir, string runId, string task, TrainingSet set, int[] predictionRows, double[] predictions, IReadOnlyList<FeatureImportance> importance, CancellationToken cancellationToken = default)
    {
        var profile = Build(runId, task, set, predictionRows, predictions, importance, "training");
        return await RunArtifacts.WriteAsync(runDir, ReferenceProfile.FileName, JsonSerializer.SerializeToUtf8Bytes(profile, JsonOptions.Info<ReferenceProfile>()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the profile of a training set (features in parallel: each is a sort of its column).</summary>
    public static ReferenceProfile Build(string runId, string task, TrainingSet set, int[] predictionRows, double[] predictions, IReadOnlyList<FeatureImportance> importance, string source)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(predictionRows);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(importance);
        var features = new ColumnProfile[set.Features.Count];
        Parallel.For(0, features.Length, i =>
        {
            var spec = set.Features[i];
            features[i] = spec.Kind == FeatureKind.Category
                ? ColumnProfiles.Categorical(spec.Name, set.Columns[i], spec.Categories ?? [])
                : ColumnProfiles.Numeric(spec.Name, set.Columns[i]);
        });

        var label = set.Classes is { } classes && task != "regression"
            ? ColumnProfiles.Categorical("label", set.Labels, classes)
            : ColumnProfiles.Numeric("label", set.Labels);
        ColumnProfile prediction;
        if (task == "multiclass" && set.Classes is { } names)
        {
            // The predicted class of each row: the largest of its class scores.
            var k = names.Count;
            var chosen = new float[predictionRows.Length];
            for (var r = 0; r < chosen.Length; r++)
            {
                var best = 0;
                for (var c = 1; c < k; c++)
                {
                    best = predictions[(r * k) + c] > predictions[(r * k) + best] ? c : best;
                }

                chosen[r] = best;
            }

            prediction = ColumnProfiles.Categorical("prediction", chosen, names);
        }
        else
        {
            prediction = ColumnProfiles.Numeric("prediction", Array.ConvertAll(predictions, p => (float)p), shareAtLeastHalf: task == "binary");
        }

        return new ReferenceProfile(runId, task, set.Rows, predictionRows.Length, features, prediction, label,
            importance.ToDictionary(f => f.Feature, f => f.Gain, StringComparer.Ordinal), source);
    }

    /// <summary>
    /// The reference profile of a run: its recorded reference.json (verified), one rebuilt before, or one rebuilt now
    /// from the run's recorded data; an input error saying what to do when that data is gone or has changed.
    /// </summary>
    public static async Task<ReferenceProfile> LoadAsync(Workspace.Workspace workspace, TrainingRunRecord run, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(run);
        var path = Path.Combine(RunArtifacts.RunDir(workspace, run.Id), ReferenceProfile.FileName);
        if (run.Artifacts.ContainsKey(ReferenceProfile.FileName))
        {
            return Parse(await RunArtifacts.ReadVerifiedAsync(workspace, run, ReferenceProfile.FileName, cancellationToken).ConfigureAwait(false), path);
        }

        if (File.Exists(path))
        {
            var rebuilt = Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), path);
            if (rebuilt.RunId == run.Id)
            {
                return rebuilt;
            }
        }

        progress?.Invoke($"run {run.Id} was trained before reference profiles were saved: building its profile from its recorded data once…");
        var profile = await RebuildAsync(workspace, run, cancellationToken).ConfigureAwait(false);
        await RunArtifacts.WriteAsync(RunArtifacts.RunDir(workspace, run.Id), ReferenceProfile.FileName, JsonSerializer.SerializeToUtf8Bytes(profile, JsonOptions.Info<ReferenceProfile>()), cancellationToken).ConfigureAwait(false);
        return profile;
    }

    private static ReferenceProfile Parse(byte[] bytes, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, JsonOptions.Info<ReferenceProfile>()) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new LeanMLInputException($"the reference profile is not readable ({ex.Message}); delete it and run monitor again to rebuild it from the run's data.", path, inner: ex);
        }
    }

    // The run's data re-created from its recorded brief (as rerun does), checked against its fingerprint, split with
    // its seed, and its test rows scored by its own model.
    private static async Task<ReferenceProfile> RebuildAsync(Workspace.Workspace workspace, TrainingRunRecord run, CancellationToken cancellationToken)
    {
        var briefText = System.Text.Encoding.UTF8.GetString(await RunArtifacts.ReadVerifiedAsync(workspace, run, TrainingService.BriefFile, cancellationToken).ConfigureAwait(false));
        var modelJson = await RunArtifacts.ReadVerifiedAsync(workspace, run, RunArtifacts.Model, cancellationToken).ConfigureAwait(false);
        var report = JsonSerializer.Deserialize(run.Details, TrainingService.JsonOptions.Info<TrainingRunReport>())!;
        var brief = ProjectBrief.Parse(run.Project, $".leanml/runs/{run.Id}/{TrainingService.BriefFile}", briefText);
        TrainingSet set;
        try
        {
            await using var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false);
            set = await TrainingSetReader.ReadAsync(warehouse, brief, cancellationToken).ConfigureAwait(false);
        }
        catch (LeanMLInputException ex)
        {
            throw new LeanMLInputException(
                $"run {run.Id} has no reference profile (it was trained before they were saved), and its training data is gone, so none can be built: {ex.Message} " +
                $"Train the project again ('leanml train {run.Project}') and promote the new run; its profile is saved with it.",
                ex.File, field: "--run", inner: ex);
        }

        if (set.Fingerprint != run.Fingerprint)
        {
            throw new LeanMLInputException(
                $"run {run.Id} has no reference profile (it was trained before they were saved), and its training data changed since (fingerprint {set.Fingerprint[..12]} now, {run.Fingerprint[..12]} then: {set.Rows} rows now, {report.Data.Rows} then), so a profile built now would not describe what the model learned from. " +
                $"Train the project again ('leanml train {run.Project}') and promote the new run; its profile is saved with it.",
                field: "--run");
        }

        var split = DataSplit.Create(set, brief.Task, (int)run.Seed);
        var model = XGBoostModel.Load(modelJson);
        var scores = new float[split.Test.Length * model.OutputCount];
        model.PredictBatch(set.RowMajor(split.Test), scores);
        return Build(run.Id, brief.Task, set, split.Test, Array.ConvertAll(scores, s => (double)s), report.Importance, "rebuilt");
    }
}
