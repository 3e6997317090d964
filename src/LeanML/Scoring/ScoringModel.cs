using System.Text.Json;
using LeanML.Features;

namespace LeanML.Scoring;

/// <summary>
/// One run's model ready to score: the managed evaluator, the schema's row encoder and the output shape of its task.
/// Immutable, so a server swaps whole instances and a request is answered wholly by one model.
/// </summary>
public sealed class ScoringModel
{
    private readonly JsonEncodedText[] _classNames;

    private ScoringModel(string project, string runId, XGBoostModel model, FeatureSchema schema)
    {
        Project = project;
        RunId = runId;
        Model = model;
        Schema = schema;
        Encoder = new RowEncoder(schema);
        Classes = schema.Classes ?? [.. Enumerable.Range(0, model.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        _classNames = [.. Classes.Select(c => JsonEncodedText.Encode(c))];
    }

    /// <summary>The project the model serves.</summary>
    public string Project { get; }

    /// <summary>The training run the model comes from.</summary>
    public string RunId { get; }

    /// <summary>The evaluator.</summary>
    public XGBoostModel Model { get; }

    /// <summary>The run's feature schema.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The row encoder of the schema.</summary>
    public RowEncoder Encoder { get; }

    /// <summary>binary | regression | multiclass.</summary>
    public string Task => Schema.Task;

    /// <summary>Class labels (multiclass), in class-index order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Numbers per prediction (OutputCount of the evaluator).</summary>
    public int OutputCount => Model.OutputCount;

    /// <summary>Builds a scoring model from a run's model.json and schema.json bytes, checking they agree.</summary>
    public static ScoringModel Create(string project, string runId, ReadOnlySpan<byte> modelJson, ReadOnlySpan<byte> schemaJson)
    {
        var model = XGBoostModel.Load(modelJson, $"runs/{runId}/model.json");
        FeatureSchema schema;
        try
        {
            schema = FeatureSchema.FromJson(System.Text.Encoding.UTF8.GetString(schemaJson));
        }
        catch (JsonException ex)
        {
            throw new LeanMLInputException($"the feature schema is not valid: {ex.Message}", $"runs/{runId}/schema.json", inner: ex);
        }

        if (schema.Features.Count != model.FeatureCount)
        {
            throw new LeanMLInputException($"the schema lists {schema.Features.Count} features but the model has {model.FeatureCount}.", $"runs/{runId}/schema.json");
        }

        for (var i = 0; i < model.FeatureNames.Count && i < schema.Features.Count; i++)
        {
            if (model.FeatureNames[i] != schema.Features[i].Name)
            {
                throw new LeanMLInputException($"feature {i} is '{schema.Features[i].Name}' in the schema but '{model.FeatureNames[i]}' in the model.", $"runs/{runId}/schema.json", field: schema.Features[i].Name);
            }
        }

        return new ScoringModel(project, runId, model, schema);
    }

    /// <summary>Predicts one encoded row into output (<see cref="OutputCount"/> numbers).</summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> output) => Model.Predict(features, output);

    /// <summary>The class label a multiclass prediction picks (largest probability, or the multi:softmax index).</summary>
    public string Label(ReadOnlySpan<float> output) => Classes[ClassIndex(output)];

    /// <summary>The class index a multiclass prediction picks.</summary>
    public int ClassIndex(ReadOnlySpan<float> output)
    {
        if (Model.Objective == XGBoostObjective.MultiSoftmax)
        {
            return (int)output[0];
        }

        var best = 0;
        for (var i = 1; i < output.Length; i++)
        {
            if (output[i] > output[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Writes one prediction as DESIGN.md section 6 shapes it: binary {"score"}, regression {"value"},
    /// multiclass {"label", "scores": {class: p}}.
    /// </summary>
    public void WritePrediction(Utf8JsonWriter writer, ReadOnlySpan<float> output)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WritePredictionFields(writer, output);
        writer.WriteEndObject();
    }

    /// <summary>The fields of <see cref="WritePrediction"/> into an object the caller opened (and closes).</summary>
    public void WritePredictionFields(Utf8JsonWriter writer, ReadOnlySpan<float> output)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Model.ClassCount > 1)
        {
            writer.WriteString("label"u8, _classNames[ClassIndex(output)]);
            if (Model.Objective == XGBoostObjective.MultiSoftprob)
            {
                writer.WriteStartObject("scores"u8);
                for (var i = 0; i < output.Length; i++)
                {
                    writer.WriteNumber(_classNames[i], output[i]);
                }

                writer.WriteEndObject();
            }
        }
        else
        {
            writer.WriteNumber(Task == "regression" ? "value"u8 : "score"u8, output[0]);
        }
    }
}
