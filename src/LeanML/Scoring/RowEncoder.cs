using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LeanML.Features;
using LeanML.Internal;

namespace LeanML.Scoring;

/// <summary>
/// Turns an input row (a JSON object, a warehouse row, a file record) into the model's float32 feature vector with
/// the run's <see cref="FeatureSchema"/>: the one encoding path shared by batch scoring and serving, using
/// <see cref="FeatureEncoding"/> as training does. Unseen categories become missing and are counted; so does a feature
/// a row leaves out that training never saw missing. The brief's id field is accepted and is never a feature. A number
/// that is not finite, or does not fit the model's float32 (1e400, "NaN", "Infinity"), is an error naming the field.
/// Immutable and thread-safe.
/// </summary>
public sealed class RowEncoder
{
    private readonly FeatureSpec[] _features;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>?[] _categories;
    // The same two maps keyed by UTF-8 bytes: a JSON row's names and category values are looked up as they sit in the
    // document, without a string each (a request's largest allocation, so the garbage collections' pace).
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _utf8Index;
    private readonly byte[]? _utf8Id;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>>?[] _utf8Categories;

    /// <summary>Builds the encoder of a schema.</summary>
    public RowEncoder(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _features = [.. schema.Features];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        _categories = new Dictionary<string, int>?[_features.Length];
        _utf8Categories = new Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>>?[_features.Length];
        for (var i = 0; i < _features.Length; i++)
        {
            _index[_features[i].Name] = i;
            if (_features[i].Kind == FeatureKind.Category)
            {
                var map = new Dictionary<string, int>(StringComparer.Ordinal);
                var categories = _features[i].Categories ?? [];
                for (var c = 0; c < categories.Count; c++)
                {
                    map.TryAdd(categories[c], c);
                }

                _categories[i] = map;
                _utf8Categories[i] = Utf8(map);
            }
        }

        _utf8Index = Utf8(_index);
        _utf8Id = schema.IdColumn is { } id ? Encoding.UTF8.GetBytes(id) : null;

        Schema = schema;
    }

    /// <summary>The schema this encoder follows.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Number of features (the width of an encoded row).</summary>
    public int FeatureCount => _features.Length;

    /// <summary>The feature index of a field name, or -1 when the model has no such feature.</summary>
    public int IndexOf(string field) => _index.TryGetValue(field, out var i) ? i : -1;

    /// <summary>True when <paramref name="field"/> is the brief's id column (accepted in a row, never a feature).</summary>
    public bool IsId(string field) => Schema.IdColumn is { } id && string.Equals(field, id, StringComparison.Ordinal);

    /// <summary>
    /// Encodes one JSON object; a field is a feature (or the id) by its name as the model knows it, or by the header
    /// that name came from (<see cref="FeatureSchema.ColumnName"/>, as batch scoring reads a file). Unknown fields,
    /// two fields naming one feature and wrong types are added to <paramref name="errors"/>; returns the number of
    /// unseen category values (encoded as missing), each also added to <paramref name="unseenValues"/> when given;
    /// features the row leaves out that training never saw missing are added to <paramref name="missingValues"/>.
    /// </summary>
    public int EncodeJson(int row, JsonElement fields, Span<float> destination, List<FeatureError> errors, List<UnseenCategory>? unseenValues = null, List<MissingFeature>? missingValues = null) =>
        EncodeJson(row, fields, destination, errors, unseenValues, missingValues, out _);

    /// <summary>
    /// Encodes one JSON object as <see cref="EncodeJson(int, JsonElement, Span{float}, List{FeatureError}, List{UnseenCategory}?, List{MissingFeature}?)"/>
    /// does, and gives the row's id field (however it was named), or an undefined element when the row has none.
    /// </summary>
    public int EncodeJson(int row, JsonElement fields, Span<float> destination, List<FeatureError> errors, List<UnseenCategory>? unseenValues, List<MissingFeature>? missingValues, out JsonElement id)
    {
        ArgumentNullException.ThrowIfNull(errors);
        id = default;
        if (fields.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FeatureError(row, "", $"row {row} must be a JSON object of feature values, not {FieldValue.FromJson(fields).Describe()}."));
            return 0;
        }

        var state = Begin(destination, _features.Length <= 512 ? stackalloc bool[_features.Length] : new bool[_features.Length]);
        var named = _features.Length <= 512 ? stackalloc bool[_features.Length] : new bool[_features.Length];
        named.Clear();
        var unseen = 0;
        foreach (var property in fields.EnumerateObject())
        {
            var feature = FeatureOf(property, out var isId);
            if (isId)
            {
                id = property.Value;
                continue;
            }

            if (feature < 0)
            {
                errors.Add(new FeatureError(row, property.Name, $"row {row}: unknown field '{property.Name}'; the model's features are {Names()}."));
                continue;
            }

            // Two names for one feature ("Contract" and "contract"): which one was meant is not ours to guess. (A key
            // repeated as is never reaches here from HTTP, whose parser refuses it.)
            if (named[feature] && fields.EnumerateObject().First(p => FeatureOf(p, out _) == feature).Name is var first && first != property.Name)
            {
                errors.Add(new FeatureError(row, property.Name, $"row {row}: fields '{first}' and '{property.Name}' both name the feature '{_features[feature].Name}'; send one of them."));
                continue;
            }

            named[feature] = true;

            if (KnownCategory(feature, property.Value) is { } code)
            {
                destination[feature] = code;
                state.Seen[feature] = true;
                continue;
            }

            unseen += Set(row, feature, FieldValue.FromJson(property.Value), destination, state, errors, unseenValues);
        }

        Finish(row, state, missingValues);
        return unseen;
    }

    /// <summary>
    /// The name a request's field goes by for this model: the name as sent when it is a feature or the id, else by
    /// the header rule batch scoring uses for a file's columns (<see cref="FeatureSchema.ColumnName"/>).
    /// </summary>
    public string FieldName(string field) => IndexOf(field) >= 0 || IsId(field) ? field : Schema.ColumnName(field);

    // The feature a JSON field names (-1: none), or whether it is the id; a name as sent is looked up by its UTF-8
    // bytes first (no string each), the rest through FieldName.
    private int FeatureOf(JsonProperty property, out bool isId)
    {
        var name = JsonMarshal.GetRawUtf8PropertyName(property);
        if (!name.Contains((byte)'\\'))
        {
            if (_utf8Index.TryGetValue(name, out var f))
            {
                isId = false;
                return f;
            }

            if (_utf8Id is not null && name.SequenceEqual(_utf8Id))
            {
                isId = true;
                return -1;
            }
        }

        var known = FieldName(property.Name);
        isId = IsId(known);
        return IndexOf(known);
    }

    /// <summary>
    /// Encodes one row whose columns were resolved once with <see cref="IndexOf"/> (-1: an extra column, ignored).
    /// Returns the number of unseen category values (encoded as missing), each also added to
    /// <paramref name="unseenValues"/> when given; features left missing that training never saw missing are added to
    /// <paramref name="missingValues"/>.
    /// </summary>
    public int EncodeColumns(int row, ReadOnlySpan<int> columnFeatures, ReadOnlySpan<FieldValue> values, Span<float> destination, List<FeatureError> errors, List<UnseenCategory>? unseenValues = null, List<MissingFeature>? missingValues = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var state = Begin(destination, _features.Length <= 512 ? stackalloc bool[_features.Length] : new bool[_features.Length]);
        var unseen = 0;
        for (var c = 0; c < columnFeatures.Length; c++)
        {
            if (columnFeatures[c] >= 0)
            {
                unseen += Set(row, columnFeatures[c], values[c], destination, state, errors, unseenValues);
            }
        }

        Finish(row, state, missingValues);
        return unseen;
    }

    /// <summary>Encodes one value of one feature; NaN for missing or an unseen category; null error when it fits.</summary>
    public float Encode(int feature, in FieldValue value, out string? error, out bool unseenCategory)
    {
        error = null;
        unseenCategory = false;
        var spec = _features[feature];
        if (value.IsMissing)
        {
            return float.NaN;
        }

        switch (spec.Kind)
        {
            case FeatureKind.Number:
                if (value.Kind is FieldValueKind.Number or FieldValueKind.Boolean)
                {
                    return Finite((float)value.Number, out error);
                }

                if (value.Kind == FieldValueKind.Text && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Finite((float)parsed, out error);
                }

                error = "expected a number";
                return float.NaN;

            case FeatureKind.Boolean:
                if (value.Kind == FieldValueKind.Boolean || (value.Kind == FieldValueKind.Number && value.Number is 0 or 1))
                {
                    return (float)value.Number;
                }

                if (value.Kind == FieldValueKind.Text && FeatureEncoding.ParseBoolean(value.Text!) is { } b)
                {
                    return b;
                }

                error = "expected true/false (or 1/0, yes/no)";
                return float.NaN;

            case FeatureKind.Date:
            case FeatureKind.Timestamp:
                if (value.Kind == FieldValueKind.Time)
                {
                    return (float)FeatureEncoding.DaysSinceEpoch(value.Time);
                }

                if (value.Kind == FieldValueKind.Text && FeatureEncoding.ParseIsoDays(value.Text!) is { } days)
                {
                    return (float)days;
                }

                error = "expected an ISO 8601 date or timestamp (e.g. 2026-11-22 or 2026-11-22T10:00:00Z)";
                return float.NaN;

            default:
                if (CategoryText(value) is not { } text)
                {
                    error = "expected a category (text)";
                    return float.NaN;
                }

                if (_categories[feature]!.TryGetValue(text, out var code))
                {
                    return code;
                }

                unseenCategory = true;
                return float.NaN;
        }
    }

    // A number the model can take: finite once made float32. NaN and the infinities, written out or reached by
    // overflow (1e400, a 400-digit integer, 1e39 as float32), are refused: an absent or null value is how a row says
    // "missing".
    private static float Finite(float value, out string? error)
    {
        error = float.IsFinite(value) ? null : "expected a finite number (NaN, Infinity and numbers beyond ±3.4e38 are not; leave the field out or send null for a missing value)";
        return float.IsFinite(value) ? value : float.NaN;
    }

    // The code of a JSON string that is a known category of a category feature, looked up by its UTF-8 bytes; null for
    // anything else (other kinds, escapes, unseen values), which takes the general path.
    private int? KnownCategory(int feature, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || _utf8Categories[feature] is not { } categories)
        {
            return null;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = raw[1..^1];   // the raw token keeps its quotes
        return !text.Contains((byte)'\\') && categories.TryGetValue(text, out var code) ? code : null;
    }

    private static Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> Utf8(Dictionary<string, int> map) =>
        map.ToDictionary(kv => Encoding.UTF8.GetBytes(kv.Key), kv => kv.Value, Utf8KeyComparer.Instance).GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The text a category value is looked up by: text as is, a number in its shortest round-trip form.</summary>
    private static string? CategoryText(in FieldValue value) => value.Kind switch
    {
        FieldValueKind.Text => value.Text!,
        FieldValueKind.Number => value.Number.ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };

    private readonly ref struct RowState(Span<bool> seen)
    {
        public Span<bool> Seen { get; } = seen;
    }

    private static RowState Begin(Span<float> destination, Span<bool> seen)
    {
        destination.Fill(float.NaN);
        seen.Clear();
        return new RowState(seen);
    }

    private int Set(int row, int feature, in FieldValue value, Span<float> destination, RowState state, List<FeatureError> errors, List<UnseenCategory>? unseenValues)
    {
        var encoded = Encode(feature, value, out var error, out var unseen);
        if (error is not null)
        {
            var spec = _features[feature];
            errors.Add(new FeatureError(row, spec.Name, $"row {row}, field '{spec.Name}': {error} ({spec.Kind.ToString().ToLowerInvariant()} feature), got {value.Describe()}."));
        }

        if (unseen)
        {
            unseenValues?.Add(new UnseenCategory(row, _features[feature].Name, CategoryText(value)!));
        }

        destination[feature] = encoded;
        if (!value.IsMissing)
        {
            state.Seen[feature] = true;
        }

        return unseen ? 1 : 0;
    }

    // A feature the row left missing is scored as missing (XGBoost's default direction); one training never saw missing
    // is reported, so the caller can count it.
    private void Finish(int row, RowState state, List<MissingFeature>? missingValues)
    {
        if (missingValues is null)
        {
            return;
        }

        for (var i = 0; i < _features.Length; i++)
        {
            if (!state.Seen[i] && !_features[i].AllowsMissing)
            {
                missingValues.Add(new MissingFeature(row, _features[i].Name));
            }
        }
    }

    private string Names() => _features.Length <= 12
        ? string.Join(", ", _features.Select(f => f.Name))
        : string.Join(", ", _features.Take(12).Select(f => f.Name)) + $", … ({_features.Length} in all)";
}
