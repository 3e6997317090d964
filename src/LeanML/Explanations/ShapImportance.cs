using System.Text.Json;
using LeanML.Runs;
using LeanML.Scoring;

namespace LeanML.Explanations;

/// <summary>
/// Global SHAP importance of a run: each feature's mean |contribution| over the test rows, saved at training time as
/// <c>shap_importance.json</c> in the run's folder and shown by <c>leanml show</c> beside gain. Unlike gain it is in
/// the margin's units and counts what a feature did on real rows, not how much its splits helped training.
/// </summary>
public static class ShapImportance
{
    /// <summary>The file's name in the run's folder.</summary>
    public const string FileName = "shap_importance.json";

    /// <summary>Rows explained at most (evenly spaced over the test rows): enough for a stable mean, bounded in time.</summary>
    public const int MaxRows = 20_000;

    /// <summary>Mean |SHAP| per feature over the rows (row-major, FeatureCount wide), largest first.</summary>
    public static IReadOnlyList<ShapFeatureImportance> Compute(XGBoostModel model, ReadOnlySpan<float> rows, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(names);
        var width = model.FeatureCount;
        var n = rows.Length / width;
        var take = Math.Min(n, MaxRows);
        var sums = new double[width];
        if (take > 0)
        {
            var data = rows.ToArray();
            var chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, take / 256));
            var partial = new double[chunks][];
            Parallel.For(0, chunks, c =>
            {
                var own = partial[c] = new double[width];
                var contributions = new float[model.ContributionCount];
                for (var k = c; k < take; k += chunks)
                {
                    var row = (int)((long)k * n / take);
                    model.PredictContributions(data.AsSpan(row * width, width), contributions);
                    for (var g = 0; g < model.ClassCount; g++)
                    {
                        for (var j = 0; j < width; j++)
                        {
                            own[j] += Math.Abs(contributions[(g * (width + 1)) + j]);
                        }
                    }
                }
            });
            foreach (var own in partial)
            {
                for (var j = 0; j < width; j++)
                {
                    sums[j] += own[j];
                }
            }
        }

        return [.. Enumerable.Range(0, width)
            .Select(j => new ShapFeatureImportance(j < names.Count ? names[j] : $"f{j}", take == 0 ? 0 : sums[j] / take))
            .OrderByDescending(f => f.MeanAbsShap).ThenBy(f => f.Feature, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Computes the importance of a trained model on its test rows and writes it into the run's folder; returns the
    /// file's SHA-256 for the run's artifacts. A model the managed evaluator cannot read gets an empty list.
    /// </summary>
    public static async Task<string> WriteAsync(string runDir, byte[] modelJson, float[] testRows, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ShapFeatureImportance> importance;
        try
        {
            var model = XGBoostModel.Load(modelJson);
            importance = Compute(model, testRows, model.FeatureNames);
        }
        catch (LeanMLInputException)
        {
            importance = [];
        }

        return await RunArtifacts.WriteAsync(runDir, FileName, ToJson(importance), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The importance saved with a run (verified against its hash), or null for a run trained without it.</summary>
    public static async Task<IReadOnlyList<ShapFeatureImportance>?> ReadAsync(Workspace.Workspace workspace, TrainingRunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!run.Artifacts.ContainsKey(FileName))
        {
            return null;
        }

        var bytes = await RunArtifacts.ReadVerifiedAsync(workspace, run, FileName, cancellationToken).ConfigureAwait(false);
        return FromJson(bytes, $"runs/{run.Id}/{FileName}");
    }

    /// <summary>The file's JSON: <c>{"features": [{"feature": "...", "mean_abs_shap": 0.41}, ...]}</c>.</summary>
    public static byte[] ToJson(IReadOnlyList<ShapFeatureImportance> importance)
    {
        ArgumentNullException.ThrowIfNull(importance);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("rows"u8, "test");
            writer.WriteStartArray("features"u8);
            foreach (var f in importance)
            {
                writer.WriteStartObject();
                writer.WriteString("feature"u8, f.Feature);
                writer.WriteNumber("mean_abs_shap"u8, f.MeanAbsShap);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote; an input error names the file when it is not that.</summary>
    public static IReadOnlyList<ShapFeatureImportance> FromJson(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            return [.. doc.RootElement.GetProperty("features").EnumerateArray()
                .Select(e => new ShapFeatureImportance(e.GetProperty("feature").GetString()!, e.GetProperty("mean_abs_shap").GetDouble()))];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new LeanMLInputException($"the SHAP importance file is not valid: {ex.Message}", source, inner: ex);
        }
    }
}
