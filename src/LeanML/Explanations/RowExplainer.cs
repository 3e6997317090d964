using System.Globalization;
using System.Text.Json;
using LeanML.Features;
using LeanML.Scoring;

namespace LeanML.Explanations;

/// <summary>
/// A row's top contributing features by TreeSHAP (<see cref="XGBoostModel.PredictContributions"/>) with the values
/// as the row gave them (a category's name, a date), written as DESIGN.md section 12 names them:
/// <c>"bias"</c> plus <c>"contributions": [{feature, value, contribution}]</c>, largest |contribution| first.
/// Reuses its buffers, so explaining a row allocates nothing; one instance per thread.
/// </summary>
public sealed class RowExplainer
{
    private readonly ScoringModel _model;
    private readonly float[] _contributions;
    private readonly FeatureContribution[] _top;
    private readonly JsonEncodedText[] _names;

    /// <summary>An explainer of <paramref name="model"/>'s rows keeping the <paramref name="top"/> largest contributions.</summary>
    public RowExplainer(ScoringModel model, int top)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        _model = model;
        _contributions = new float[model.Model.ContributionCount];
        _top = new FeatureContribution[Math.Min(top, model.Model.FeatureCount)];
        _names = [.. model.Schema.Features.Select(f => JsonEncodedText.Encode(f.Name))];
    }

    /// <summary>The model explained.</summary>
    public ScoringModel Model => _model;

    /// <summary>The number of contributions kept per row (at most the feature count).</summary>
    public int Top => _top.Length;

    /// <summary>
    /// The row's largest contributions (non-zero, by |contribution|, ties in feature order) toward class
    /// <paramref name="classIndex"/> (0 for binary and regression models); <paramref name="bias"/> is the class's
    /// expected margin. The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<FeatureContribution> Explain(ReadOnlySpan<float> features, int classIndex, out float bias)
    {
        _model.Model.PredictContributions(features, _contributions);
        var width = _model.Model.FeatureCount + 1;
        var phi = _contributions.AsSpan(classIndex * width, width);
        bias = phi[width - 1];
        var count = 0;
        for (var j = 0; j < width - 1; j++)
        {
            var c = phi[j];
            if (c == 0)
            {
                continue;
            }

            // Insertion into the kept list, largest first: a later feature passes an earlier one only when strictly larger.
            var at = count;
            while (at > 0 && Math.Abs(_top[at - 1].Contribution) < Math.Abs(c))
            {
                at--;
            }

            if (at >= _top.Length)
            {
                continue;
            }

            var last = Math.Min(count, _top.Length - 1);
            for (var k = last; k > at; k--)
            {
                _top[k] = _top[k - 1];
            }

            _top[at] = new FeatureContribution(j, features[j], c);
            count = Math.Min(count + 1, _top.Length);
        }

        return _top.AsSpan(0, count);
    }

    /// <summary>Writes <c>"bias"</c> and <c>"contributions"</c> of the row into an object the caller opened.</summary>
    public void WriteFields(Utf8JsonWriter writer, ReadOnlySpan<float> features, int classIndex)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var top = Explain(features, classIndex, out var bias);
        writer.WriteNumber("bias"u8, bias);
        writer.WriteStartArray("contributions"u8);
        foreach (var c in top)
        {
            writer.WriteStartObject();
            writer.WriteString("feature"u8, _names[c.Feature]);
            writer.WritePropertyName("value"u8);
            WriteValue(writer, c.Feature, c.Value);
            writer.WriteNumber("contribution"u8, c.Contribution);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A contribution as people read it: <c>Contract=Month-to-month +0.853</c>.</summary>
    public string Describe(FeatureContribution contribution) =>
        string.Create(CultureInfo.InvariantCulture, $"{_model.Schema.Features[contribution.Feature].Name}={ValueText(contribution.Feature, contribution.Value)} {contribution.Contribution:+0.000;-0.000;0.000}");

    /// <summary>The value as the row gave it: a number, a category's name, a date; null when missing (or an unseen category).</summary>
    public string? ValueText(int feature, float value)
    {
        var spec = _model.Schema.Features[feature];
        if (float.IsNaN(value))
        {
            return null;
        }

        return spec.Kind switch
        {
            FeatureKind.Category => spec.Categories is { } cats && value >= 0 && value < cats.Count ? cats[(int)value] : null,
            FeatureKind.Date => DateOnly.FromDayNumber(UnixEpochDay + (int)Math.Floor(value)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FeatureKind.Timestamp => DateTime.UnixEpoch.AddDays(value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
    }

    // Numbers as numbers, categories as their names, dates as ISO text, missing as null.
    private void WriteValue(Utf8JsonWriter writer, int feature, float value)
    {
        var spec = _model.Schema.Features[feature];
        if (float.IsNaN(value))
        {
            writer.WriteNullValue();
            return;
        }

        switch (spec.Kind)
        {
            case FeatureKind.Number or FeatureKind.Boolean:
                writer.WriteNumberValue(value);
                break;
            case FeatureKind.Category when spec.Categories is { } cats && value >= 0 && value < cats.Count:
                writer.WriteStringValue(cats[(int)value]);
                break;
            case FeatureKind.Category:
                writer.WriteNullValue();
                break;
            default:
                Span<char> text = stackalloc char[32];
                var date = spec.Kind == FeatureKind.Date
                    ? DateOnly.FromDayNumber(UnixEpochDay + (int)Math.Floor(value)).TryFormat(text, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : DateTime.UnixEpoch.AddDays(value).TryFormat(text, out n, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                writer.WriteStringValue(date ? text[..n] : []);
                break;
        }
    }

    /// <summary>DateOnly's day number of 1970-01-01.</summary>
    private const int UnixEpochDay = 719162;
}
