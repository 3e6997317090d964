using LeanML.Explanations;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using LeanML.Internal;
using LeanML.Scoring;

namespace LeanML.Serving;

/// <summary>
/// Scores the rows of one HTTP request body with one model: validates (shape, row count, unknown fields, types,
/// missing features), encodes through the model's <see cref="RowEncoder"/>, writes the response JSON and queues each
/// prediction (or a sample) to the prediction log. Serves both LeanML's and MLflow's body shapes.
/// </summary>
public sealed class PredictionService(ServingOptions options, PredictionLog? log)
{
    /// <summary>Predictions logged or queued so far are counted by the log; this counts rows scored.</summary>
    public long RowsScored => Interlocked.Read(ref _rowsScored);

    /// <summary>Category values never seen in training (scored as missing) in the requests answered so far.</summary>
    public long UnseenCategories => Interlocked.Read(ref _unseenCategories);

    /// <summary>Features left out that training never saw missing (scored as missing) in the requests answered so far.</summary>
    public long MissingFeatures => Interlocked.Read(ref _missingFeatures);

    private long _rowsScored;
    private long _unseenCategories;
    private long _missingFeatures;

    /// <summary>
    /// Scores a project's request: with a <c>"unit"</c> and a running experiment for the project, the unit's sticky
    /// variant decides the model (recorded once: the exposure) and the response names <c>experiment</c> and
    /// <c>variant</c>; a variant without a run answers <c>"run_id": null, "predictions": null</c>. Otherwise the
    /// production model scores. <see cref="PredictionOutcome.NotServed"/> when the project has neither.
    /// </summary>
    public async ValueTask<PredictionOutcome> PredictAsync(string project, ProductionModels production, RunningExperiments experiments, JsonElement body, IBufferWriter<byte> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(experiments);
        var (rows, unit, explain, invalid) = Parse(body);
        if (invalid is not null)
        {
            return invalid;
        }

        var route = unit is null ? null : await experiments.RouteAsync(project, unit, cancellationToken).ConfigureAwait(false);
        if (route is null)
        {
            return production.Get(project) is { } model
                ? Score(model, rows, columns: null, mlflow: false, output, explain: explain)
                : PredictionOutcome.Unserved;
        }

        if (route.Model is not null)
        {
            return Score(route.Model, rows, columns: null, mlflow: false, output, route, explain);
        }

        var count = rows.GetArrayLength();
        if (count > options.MaxRows)
        {
            return TooManyRows(count);
        }

        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("project"u8, project);
        writer.WriteNull("run_id"u8);
        writer.WriteString("experiment"u8, route.Experiment);
        writer.WriteString("variant"u8, route.Variant);
        writer.WriteNull("predictions"u8);
        writer.WriteEndObject();
        return new PredictionOutcome(0, 0, null, null);
    }

    /// <summary>Scores <c>{"rows": [{...}, ...]}</c> with one model into <c>{"project", "run_id", "predictions": [...]}</c>.</summary>
    public PredictionOutcome Predict(ScoringModel model, JsonElement body, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (rows, _, explain, invalid) = Parse(body);
        return invalid ?? Score(model, rows, columns: null, mlflow: false, output, explain: explain);
    }

    // Explain is the number of contributions to add per prediction: 0 without "explain": true, else "top" (default 5).
    private static (JsonElement Rows, string? Unit, int Explain, PredictionOutcome? Invalid) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (default, null, 0, PredictionOutcome.Invalid("the body must be a JSON object {\"rows\": [{feature: value, ...}, ...]}."));
        }

        JsonElement rows = default;
        string? unit = null;
        var explain = false;
        var top = DefaultExplainTop;
        foreach (var property in body.EnumerateObject())
        {
            if (property.NameEquals("rows"u8))
            {
                rows = property.Value;
            }
            else if (property.NameEquals("unit"u8))
            {
                unit = UnitText(property.Value);
                if (unit is null)
                {
                    return (default, null, 0, PredictionOutcome.Invalid("the field 'unit' must be a non-empty string or an integer naming the unit, e.g. \"cust-42\" or 42.", Errors("unit", "expected a non-empty string or an integer")));
                }
            }
            else if (property.NameEquals("explain"u8))
            {
                if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return (default, null, 0, PredictionOutcome.Invalid("the field 'explain' must be true or false.", Errors("explain", "expected true or false")));
                }

                explain = property.Value.ValueKind == JsonValueKind.True;
            }
            else if (property.NameEquals("top"u8))
            {
                if (!property.Value.TryGetInt32(out top) || top < 1)
                {
                    return (default, null, 0, PredictionOutcome.Invalid("the field 'top' must be a whole number of 1 or more: how many contributions \"explain\" gives per prediction.", Errors("top", "expected an integer of 1 or more")));
                }
            }
            else
            {
                return (default, null, 0, PredictionOutcome.Invalid($"unknown field '{property.Name}' in the body; it takes only \"rows\", \"unit\", \"explain\" and \"top\".", Errors(property.Name, "unknown field")));
            }
        }

        if (rows.ValueKind != JsonValueKind.Array)
        {
            return (default, null, 0, PredictionOutcome.Invalid("the field 'rows' must be an array of row objects.", Errors("rows", "expected an array of row objects")));
        }

        return (rows, unit, explain ? top : 0, null);
    }

    /// <summary>Contributions per prediction with "explain": true and no "top".</summary>
    private const int DefaultExplainTop = 5;

    /// <summary>
    /// The unit an experiment assigns, as text: a non-empty string as is, an integer in its decimal form (42 and "42"
    /// are the same unit); null for anything else.
    /// </summary>
    public static string? UnitText(JsonElement unit) => unit.ValueKind switch
    {
        JsonValueKind.String when unit.GetString() is { } text && !string.IsNullOrWhiteSpace(text) => text,
        JsonValueKind.Number when unit.TryGetInt64(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// Scores an MLflow scoring-server body, <c>{"dataframe_split": {"columns": [...], "data": [[...]]}}</c> or
    /// <c>{"dataframe_records": [{...}]}</c>, into <c>{"predictions": [...]}</c> (score, value or label per row).
    /// </summary>
    public PredictionOutcome Invoke(ScoringModel model, JsonElement body, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("dataframe_records", out var records))
        {
            return records.ValueKind == JsonValueKind.Array
                ? Score(model, records, columns: null, mlflow: true, output)
                : PredictionOutcome.Invalid("'dataframe_records' must be an array of row objects.", Errors("dataframe_records", "expected an array"));
        }

        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("dataframe_split", out var split))
        {
            if (split.ValueKind != JsonValueKind.Object || !split.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array
                || !split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return PredictionOutcome.Invalid("'dataframe_split' must be {\"columns\": [names], \"data\": [[values], ...]}.", Errors("dataframe_split", "expected columns and data arrays"));
            }

            var names = new List<string>();
            foreach (var c in columns.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.String)
                {
                    return PredictionOutcome.Invalid("'dataframe_split.columns' must hold column names (strings).", Errors("dataframe_split.columns", "expected strings"));
                }

                names.Add(c.GetString()!);
            }

            // A column by its name as the model knows it, or by its header as written (the rule of batch scoring).
            var known = names.Select(model.Encoder.FieldName).ToList();
            var unknown = names.Where((n, i) => model.Encoder.IndexOf(known[i]) < 0 && !model.Encoder.IsId(known[i])).FirstOrDefault();
            if (unknown is not null)
            {
                return PredictionOutcome.Invalid($"unknown column '{unknown}' in dataframe_split.columns.", Errors(unknown, "unknown field"));
            }

            if (known.Select((k, i) => (k, i)).GroupBy(c => c.k, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                var both = twice.Select(c => names[c.i]).ToArray();
                return PredictionOutcome.Invalid($"columns '{both[0]}' and '{both[1]}' in dataframe_split.columns both name '{twice.Key}'; send one of them.", Errors(both[1], "names the same column as " + both[0]));
            }

            return Score(model, data, [.. known.Select(model.Encoder.IndexOf)], mlflow: true, output);
        }

        return PredictionOutcome.Invalid("the body must be an MLflow input: {\"dataframe_split\": {...}} or {\"dataframe_records\": [...]}.");
    }

    private PredictionOutcome TooManyRows(int count) =>
        PredictionOutcome.Invalid($"the request has {count} rows; at most {options.MaxRows} are allowed per request. Split it, or use 'leanml score' for batches.", Errors("rows", $"more than {options.MaxRows} rows"));

    private PredictionOutcome Score(ScoringModel model, JsonElement rows, int[]? columns, bool mlflow, IBufferWriter<byte> output, ExperimentRoute? route = null, int explain = 0)
    {
        var count = rows.GetArrayLength();
        if (count > options.MaxRows)
        {
            return TooManyRows(count);
        }

        var width = model.Encoder.FeatureCount;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, count * width));
        try
        {
            // The lists and the JSON writer of a request are the thread's own, reused (scoring never awaits): a
            // request allocates little besides what it hands on (the log entry).
            var errors = t_errors ??= [];
            var unseen = t_unseen ??= [];
            var missing = t_missing ??= [];
            errors.Clear();
            unseen.Clear();
            missing.Clear();
            var i = 0;
            var ids = t_ids ??= [];
            ids.Clear();
            Span<FieldValue> cells = columns is null ? default : new FieldValue[columns.Length];
            foreach (var row in rows.EnumerateArray())
            {
                var features = buffer.AsSpan(i * width, width);
                if (columns is null)
                {
                    model.Encoder.EncodeJson(i, row, features, errors, unseen, missing, out var id);
                    ids.Add(id);
                }
                else if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != columns.Length)
                {
                    errors.Add(new FeatureError(i, "", $"row {i} of dataframe_split.data must be an array of {columns.Length} values, one per column."));
                }
                else
                {
                    var c = 0;
                    foreach (var cell in row.EnumerateArray())
                    {
                        cells[c++] = FieldValue.FromJson(cell);
                    }

                    model.Encoder.EncodeColumns(i, columns, cells, features, errors, unseen, missing);
                }

                i++;
                if (errors.Count >= 100)
                {
                    break;   // enough to fix the request; do not build a megabyte of errors
                }
            }

            if (errors.Count > 0)
            {
                var byField = errors
                    .GroupBy(e => e.Field.Length == 0 ? $"rows[{e.Row}]" : $"rows[{e.Row}].{e.Field}")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
                var detail = errors[0].Message + (errors.Count > 1 ? $" ({errors.Count - 1} more error{(errors.Count > 2 ? "s" : "")} listed in 'errors')" : "");
                return PredictionOutcome.Invalid(detail, byField);
            }

            WriteResponse(model, rows, buffer.AsSpan(0, count * width), count, mlflow, route, unseen, missing, ids, output, explain);
            Interlocked.Add(ref _rowsScored, count);
            if (unseen.Count > 0)
            {
                Interlocked.Add(ref _unseenCategories, unseen.Count);
            }

            if (missing.Count > 0)
            {
                Interlocked.Add(ref _missingFeatures, missing.Count);
            }

            return new PredictionOutcome(count, unseen.Count, null, null);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    // ids: each row's id field as encoding found it (by either of its names); empty for dataframe_split's array rows.
    private void WriteResponse(ScoringModel model, JsonElement rows, ReadOnlySpan<float> features, int count, bool mlflow, ExperimentRoute? route, List<UnseenCategory> unseen, List<MissingFeature> missing, List<JsonElement> ids, IBufferWriter<byte> output, int explain)
    {
        // The thread's explainer, reused while the model and top stay the same (its buffers make a row allocation-free).
        var explainer = explain == 0 ? null
            : t_explainer is { } cached && ReferenceEquals(cached.Model, model) && t_explainTop == explain ? cached
            : (t_explainer = new RowExplainer(model, explain));
        t_explainTop = explain == 0 ? t_explainTop : explain;
        var writer = t_writer ??= new Utf8JsonWriter(output);
        writer.Reset(output);
        writer.WriteStartObject();
        if (!mlflow)
        {
            writer.WriteString("project"u8, model.Project);
            writer.WriteString("run_id"u8, model.RunId);
        }

        if (route is not null)
        {
            writer.WriteString("experiment"u8, route.Experiment);
            writer.WriteString("variant"u8, route.Variant);
        }

        writer.WriteStartArray("predictions"u8);
        var width = model.Encoder.FeatureCount;
        Span<float> result = stackalloc float[model.OutputCount];
        var now = DateTimeOffset.UtcNow;
        using var rowEnumerator = rows.EnumerateArray();
        for (var i = 0; i < count; i++)
        {
            rowEnumerator.MoveNext();
            model.Predict(features.Slice(i * width, width), result);
            var predictionId = Ulid.New(now);
            var id = i < ids.Count ? ids[i] : default;
            var hasId = id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
            var rowId = !hasId ? null : id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText();
            if (!mlflow)
            {
                writer.WriteStartObject();
                if (hasId)
                {
                    // Echoed as sent (a string stays a string, a number a number); logged as text.
                    writer.WritePropertyName("id"u8);
                    id.WriteTo(writer);
                }

                writer.WriteString("prediction_id"u8, predictionId);
                model.WritePredictionFields(writer, result);
                // "explain": the top contributions toward the predicted class (the positive class for binary).
                explainer?.WriteFields(writer, features.Slice(i * width, width), model.Model.ClassCount > 1 ? model.ClassIndex(result) : 0);
                writer.WriteEndObject();
            }
            else if (model.Model.ClassCount > 1)
            {
                writer.WriteStringValue(model.Label(result));
            }
            else
            {
                writer.WriteNumberValue(result[0]);
            }

            if (log is not null && (options.LogSampleRate >= 1 || Random.Shared.NextDouble() < options.LogSampleRate))
            {
                log.TryLog(new PredictionLogEntry(now, model.Project, model.RunId, JsonMarshal.GetRawUtf8Value(rowEnumerator.Current).ToArray(), result.ToArray(), predictionId, rowId));
            }
        }

        writer.WriteEndArray();
        if (!mlflow && unseen.Count > 0)
        {
            // Reported, never silently dropped (DESIGN.md section 6); MLflow's shape has no place for it: /metrics counts it.
            writer.WriteStartArray("unseen_categories"u8);
            foreach (var u in unseen)
            {
                writer.WriteStartObject();
                writer.WriteNumber("row"u8, u.Row);
                writer.WriteString("field"u8, u.Field);
                writer.WriteString("value"u8, u.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (!mlflow && missing.Count > 0)
        {
            // Scored as missing and counted (DESIGN.md section 6): the caller sees which features its rows left out.
            writer.WriteStartArray("missing_features"u8);
            foreach (var m in missing)
            {
                writer.WriteStartObject();
                writer.WriteNumber("row"u8, m.Row);
                writer.WriteString("field"u8, m.Field);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    [ThreadStatic]
    private static List<FeatureError>? t_errors;

    [ThreadStatic]
    private static List<UnseenCategory>? t_unseen;

    [ThreadStatic]
    private static List<MissingFeature>? t_missing;

    [ThreadStatic]
    private static List<JsonElement>? t_ids;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static RowExplainer? t_explainer;

    [ThreadStatic]
    private static int t_explainTop;

    private static Dictionary<string, string[]> Errors(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };
}
