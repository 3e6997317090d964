using System.Globalization;
using System.Text.Json;
using LeanML.Features;
using LeanML.Monitoring;
using LeanML.Scoring;

namespace LeanML.Training;

/// <summary>
/// <c>leanml train --include-outcomes</c>: the project's labelled live predictions (the prediction log's inputs joined to
/// the brief's <c>outcome:</c> as <c>leanml outcomes</c> joins them) turned into training rows, appended to the train
/// and valid parts of a split whose test part stays exactly the dataset's, so the verdict against the rule stays
/// comparable with runs trained without them.
/// </summary>
public static class OutcomeRows
{
    /// <summary>Reads every labelled prediction of the project; an input error when the brief does not say how outcomes map.</summary>
    public static async Task<IReadOnlyList<LabelledPrediction>> ReadAsync(Workspace.Workspace workspace, ProjectBrief brief, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var spec = brief.Outcome ?? throw new LeanMLInputException(
            "--include-outcomes needs the brief's outcome: block with 'train: true' (its label in the dataset label's values). Add e.g.\n" +
            "outcome:\n  sql: SELECT customer_id, churned, cancelled_at FROM cancellations\n  id: customer_id\n  label: churned\n  time: cancelled_at\n  train: true",
            brief.File, field: "outcome");
        if (!spec.Train)
        {
            throw new LeanMLInputException(
                "--include-outcomes adds labelled live rows only when the brief says they map onto the training data: add 'train: true' under outcome: (outcome.label must be in dataset.label's values).",
                brief.File, field: "outcome.train");
        }

        var now = DateTimeOffset.UtcNow;
        var predictions = await LiveDataReader.PredictionsAsync(workspace, brief.Name, DateTimeOffset.UnixEpoch, cancellationToken).ConfigureAwait(false);
        var outcomes = await LiveDataReader.OutcomesAsync(workspace, brief.File, spec, cancellationToken).ConfigureAwait(false);
        return [.. OutcomeJoin.Join(predictions.OrderBy(p => p.Time), outcomes, spec.Horizon, now)
            .Where(j => j.Status == OutcomeStatus.Labelled)
            .Select(j => new LabelledPrediction(j.Prediction, j.Outcome!.Label))];
    }

    /// <summary>
    /// The set with the usable live rows appended (one per row id: its latest prediction; ids in the dataset left out)
    /// and the split with them in train (80%) or valid (20%) by the hash of their id and the split seed; the test rows
    /// are the dataset's, unchanged.
    /// </summary>
    public static (TrainingSet Set, DataSplit Split, IncludedOutcomes Included) Append(TrainingSet set, DataSplit split, ProjectBrief brief, IReadOnlyList<LabelledPrediction> labelled)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(labelled);
        var inDataset = set.IdHashes is { } ids ? new HashSet<ulong>(ids) : [];
        var encoder = new RowEncoder(new FeatureSchema(brief.Task, brief.Dataset.Id, brief.Dataset.Label, set.Classes, set.Features));
        var errors = new List<FeatureError>();
        var unseen = new List<UnseenCategory>();
        long withoutInputs = 0, unusable = 0, dataset = 0, repeated = 0;
        // Newest first, so the first prediction of a row id is the one kept.
        var kept = new Dictionary<string, (float[] Features, float Label, DateTimeOffset Time)>(StringComparer.Ordinal);
        foreach (var l in labelled.OrderByDescending(l => l.Prediction.Time).ThenBy(l => l.Prediction.PredictionId, StringComparer.Ordinal))
        {
            var p = l.Prediction;
            if (p.Inputs is null || p.RowId is null)
            {
                withoutInputs++;
                continue;
            }

            if (inDataset.Contains(SplitHash.OfId(p.RowId)))
            {
                dataset++;
                continue;
            }

            if (kept.ContainsKey(p.RowId))
            {
                repeated++;
                continue;
            }

            if (Label(brief, set.Classes, l.Label) is not { } label || Encode(encoder, p.Inputs, errors, unseen) is not { } features)
            {
                unusable++;
                continue;
            }

            kept[p.RowId] = (features, label, p.Time);
        }

        var rows = kept.OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        var n = set.Rows;
        var columns = set.Columns.Select((c, f) =>
        {
            var column = new float[n + rows.Count];
            c.CopyTo(column, 0);
            for (var i = 0; i < rows.Count; i++)
            {
                column[n + i] = rows[i].Value.Features[f];
            }

            return column;
        }).ToList();
        float[] labels = [.. set.Labels, .. rows.Select(r => r.Value.Label)];
        // The rule is scored on the test rows only, which are the dataset's: live rows carry none.
        double[] baseline = [.. set.Baseline, .. rows.Select(_ => double.NaN)];
        double[]? time = set.Time is null ? null : [.. set.Time, .. rows.Select(r => FeatureEncoding.DaysSinceEpoch(r.Value.Time.UtcDateTime))];
        ulong[]? hashes = set.IdHashes is null ? null : [.. set.IdHashes, .. rows.Select(r => SplitHash.OfId(r.Key))];
        var train = new List<int>(split.Train);
        var valid = new List<int>(split.Valid);
        for (var i = 0; i < rows.Count; i++)
        {
            // The dataset's train:valid proportion (0.64:0.16) by the id's hash; no live row is ever a test row.
            var u = SplitHash.Unit(SplitHash.OfId(rows[i].Key), brief.Dataset.SplitSeed);
            (u < DataSplit.TrainShare / (DataSplit.TrainShare + DataSplit.ValidShare) ? train : valid).Add(n + i);
        }

        var included = new IncludedOutcomes(labelled.Count, rows.Count, train.Count - split.Train.Length, valid.Count - split.Valid.Length, dataset, repeated, withoutInputs, unusable, unseen.Count);
        var description = string.Create(CultureInfo.InvariantCulture, $"{split.Description}; plus {included.Added} live rows from outcomes ({included.Train} train, {included.Valid} valid; test unchanged)");
        var warnings = set.Warnings.ToList();
        if (labelled.Count == 0)
        {
            warnings.Add($"--include-outcomes: no prediction of '{brief.Name}' has its outcome yet (see 'leanml outcomes {brief.Name}'); trained on the dataset alone.");
        }
        else if (included.Added == 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"--include-outcomes: none of the {labelled.Count} labelled predictions could be added ({dataset} already in the dataset, {repeated} repeated, {withoutInputs} without logged inputs, {unusable} unusable)."));
        }

        var augmented = new TrainingSet(set.Features, columns, labels, set.Classes, baseline, time, set.DroppedMissingLabel, set.BaselineNulls, warnings, hashes);
        return (augmented, split with { Train = [.. train], Valid = [.. valid], Description = description }, included);
    }

    /// <summary>A live row's label as the training set encodes it: binary 0/1, the class index, or the value.</summary>
    private static float? Label(ProjectBrief brief, IReadOnlyList<string>? classes, string label)
    {
        if (brief.Task == "multiclass")
        {
            for (var i = 0; i < (classes?.Count ?? 0); i++)
            {
                if (string.Equals(classes![i], label.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return null;
        }

        return LivePerformanceService.Truth(brief.Task, classes, brief.Dataset.Positive, label) is { } v && double.IsFinite(v) ? (float)v : null;
    }

    // The logged inputs as the dataset's features; fields the dataset no longer has are ignored, a value of the wrong
    // type makes the row unusable. An unseen category is encoded as missing, as scoring does.
    private static float[]? Encode(RowEncoder encoder, string inputs, List<FeatureError> errors, List<UnseenCategory> unseen)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(inputs);
        }
        catch (JsonException)
        {
            return null;
        }

        using (doc)
        {
            var features = new float[encoder.FeatureCount];
            var before = unseen.Count;
            errors.Clear();
            encoder.EncodeJson(0, doc.RootElement, features, errors, unseen);
            if (errors.Any(e => e.Field.Length == 0 || encoder.IndexOf(e.Field) >= 0))
            {
                unseen.RemoveRange(before, unseen.Count - before);
                return null;
            }

            return features;
        }
    }
}
