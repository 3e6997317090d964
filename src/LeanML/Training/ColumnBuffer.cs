using System.Globalization;
using LeanML.Features;

namespace LeanML.Training;

/// <summary>
/// One result column being read: numbers as float32 (NaN for NULL) and text as codes into a dictionary of distinct
/// values, so a column is stored once however its kind turns out; the kind is decided after the last row.
/// </summary>
internal sealed class ColumnBuffer(string name)
{
    private readonly Dictionary<string, int> _distinct = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];
    private float[] _numbers = new float[1024];
    private int[] _codes = new int[1024];

    public string Name { get; } = name;

    public int Count { get; private set; }

    public int NonNull { get; private set; }

    public bool SawNumber { get; private set; }

    public bool SawText { get; private set; }

    public bool SawBoolean { get; private set; }

    public bool SawDateTime { get; private set; }

    public bool SawTimeOfDay { get; private set; }

    public int DistinctText => _values.Count;

    public void Add(object? value)
    {
        if (Count == _numbers.Length)
        {
            Array.Resize(ref _numbers, _numbers.Length * 2);
            Array.Resize(ref _codes, _codes.Length * 2);
        }

        var number = float.NaN;
        var code = -1;
        switch (value)
        {
            case null or DBNull:
                break;
            case string s:
                code = Code(s);
                SawText = true;
                break;
            case bool b:
                number = b ? 1f : 0f;
                SawBoolean = true;
                break;
            case DateTime dt:
                number = (float)FeatureEncoding.DaysSinceEpoch(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt);
                SawDateTime = true;
                SawTimeOfDay |= dt.TimeOfDay != TimeSpan.Zero;
                break;
            case DateTimeOffset dto:
                number = (float)FeatureEncoding.DaysSinceEpoch(dto.UtcDateTime);
                SawDateTime = true;
                SawTimeOfDay = true;
                break;
            case DateOnly d:
                number = (float)FeatureEncoding.DaysSinceEpoch(d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                SawDateTime = true;
                break;
            case byte[]:
                throw new LeanMLInputException($"the column '{Name}' holds binary data (a BLOB), which cannot be a feature; leave it out of dataset.sql or list it in dataset.exclude.", field: Name);
            case IConvertible c:
                number = (float)c.ToDouble(CultureInfo.InvariantCulture);
                SawNumber = true;
                break;
            default:
                code = Code(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                SawText = true;
                break;
        }

        if (code >= 0 || !float.IsNaN(number))
        {
            NonNull++;
        }

        _numbers[Count] = number;
        _codes[Count] = code;
        Count++;
    }

    /// <summary>Adds a number without boxing (the common case).</summary>
    public void AddNumber(double value)
    {
        if (Count == _numbers.Length)
        {
            Array.Resize(ref _numbers, _numbers.Length * 2);
            Array.Resize(ref _codes, _codes.Length * 2);
        }

        _numbers[Count] = (float)value;
        _codes[Count] = -1;
        SawNumber = true;
        NonNull++;
        Count++;
    }

    /// <summary>Adds a text value.</summary>
    public void AddText(string value)
    {
        if (Count == _numbers.Length)
        {
            Array.Resize(ref _numbers, _numbers.Length * 2);
            Array.Resize(ref _codes, _codes.Length * 2);
        }

        _numbers[Count] = float.NaN;
        _codes[Count] = Code(value);
        SawText = true;
        NonNull++;
        Count++;
    }

    /// <summary>True when the row's value was NULL.</summary>
    public bool IsNull(int row) => _codes[row] < 0 && float.IsNaN(_numbers[row]);

    /// <summary>The value of a row as text (numbers in invariant form), null for NULL.</summary>
    public string? Text(int row) =>
        _codes[row] >= 0 ? _values[_codes[row]] : float.IsNaN(_numbers[row]) ? null : _numbers[row].ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The value of a row as a number (NaN for NULL or text).</summary>
    public float Number(int row) => _numbers[row];

    /// <summary>Decides the feature kind and encodes the rows (in the given order) as float32.</summary>
    public (FeatureSpec Spec, float[] Values) Encode(IReadOnlyList<int> order)
    {
        var values = new float[order.Count];
        if (!SawText)
        {
            var kind = SawDateTime ? (SawTimeOfDay ? FeatureKind.Timestamp : FeatureKind.Date) : SawBoolean && !SawNumber ? FeatureKind.Boolean : FeatureKind.Number;
            var missing = false;
            for (var i = 0; i < order.Count; i++)
            {
                values[i] = _numbers[order[i]];
                missing |= float.IsNaN(values[i]);
            }

            return (new FeatureSpec(Name, kind, null, missing), values);
        }

        if (!SawNumber && !SawBoolean && !SawDateTime && TryIsoDays(out var days, out var hasTime))
        {
            var missing = false;
            for (var i = 0; i < order.Count; i++)
            {
                var c = _codes[order[i]];
                values[i] = c < 0 ? float.NaN : (float)days[c];
                missing |= c < 0;
            }

            return (new FeatureSpec(Name, hasTime ? FeatureKind.Timestamp : FeatureKind.Date, null, missing), values);
        }

        if (!SawNumber && !SawBoolean && !SawDateTime)
        {
            // Pure text: rank the distinct values once, then map each row's dictionary code to its rank.
            var sorted = Enumerable.Range(0, _values.Count).OrderBy(c => _values[c], StringComparer.Ordinal).ToArray();
            var rank = new int[_values.Count];
            var seen = new bool[_values.Count];
            for (var i = 0; i < sorted.Length; i++)
            {
                rank[sorted[i]] = i;
            }

            var anyNull = false;
            for (var i = 0; i < order.Count; i++)
            {
                var c = _codes[order[i]];
                if (c < 0)
                {
                    values[i] = float.NaN;
                    anyNull = true;
                }
                else
                {
                    values[i] = rank[c];
                    seen[c] = true;
                }
            }

            // Values only seen on dropped rows (a NULL label) are not categories of the model.
            if (seen.All(x => x))
            {
                return (new FeatureSpec(Name, FeatureKind.Category, sorted.Select(c => _values[c]).ToList(), anyNull), values);
            }
        }

        // Text mixed with numbers (SQLite allows it): categories in ordinal order, a value's code is its index.
        var texts = new string?[order.Count];
        var set = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            texts[i] = Text(order[i]);
            if (texts[i] is { } t)
            {
                set.Add(t);
            }
        }

        var categories = set.ToList();
        var index = new Dictionary<string, int>(categories.Count, StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            index[categories[i]] = i;
        }

        var anyMissing = false;
        for (var i = 0; i < order.Count; i++)
        {
            values[i] = texts[i] is { } t ? index[t] : float.NaN;
            anyMissing |= texts[i] is null;
        }

        return (new FeatureSpec(Name, FeatureKind.Category, categories, anyMissing), values);
    }

    private bool TryIsoDays(out double[] days, out bool hasTime)
    {
        days = new double[_values.Count];
        hasTime = false;
        for (var i = 0; i < _values.Count; i++)
        {
            if (!FeatureEncoding.TryParseIsoDays(_values[i], out days[i], out var time))
            {
                return false;
            }

            hasTime |= time;
        }

        return _values.Count > 0;
    }

    private int Code(string s)
    {
        if (!_distinct.TryGetValue(s, out var code))
        {
            code = _values.Count;
            _distinct[s] = code;
            _values.Add(s);
        }

        return code;
    }
}
