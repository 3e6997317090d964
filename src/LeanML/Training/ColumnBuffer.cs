using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using LeanML.Features;

namespace LeanML.Training;

/// <summary>
/// One result column being read: numbers as float32 (NaN for NULL) and text as codes into a dictionary of distinct
/// values, so a column is stored once however its kind turns out; the kind is decided after the last row.
/// </summary>
internal sealed class ColumnBuffer
{
    // Text read as UTF-8 (SQLite) is looked up by its bytes first: a category seen before costs no decoding. Only the
    // first values get a byte key, so an id-like column (a distinct value per row) is not held twice.
    private const int Utf8Keys = 1 << 16;

    private readonly Dictionary<string, int> _distinct = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _utf8 =
        new Dictionary<byte[], int>(Internal.Utf8KeyComparer.Instance).GetAlternateLookup<ReadOnlySpan<byte>>();
    private char[] _chars = new char[64];
    private readonly List<string> _values = [];
    // Each array is allocated at the column's first value of its kind (a text column holds no numbers).
    private float[]? _numbers;
    private int[]? _codes;
    private int _capacity = 1024;

    public ColumnBuffer(string name)
    {
        Name = name;
        _lookup = _distinct.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

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
            case System.Numerics.BigInteger big:
                // DuckDB's HUGEINT (e.g. SUM of a BIGINT column).
                number = (float)(double)big;
                SawNumber = true;
                break;
            case byte[] or Stream:
                // SQLite and PostgreSQL give a BLOB as bytes, DuckDB as a stream.
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

        Append(number, code);
    }

    /// <summary>Adds a number without boxing (the common case).</summary>
    public void AddNumber(double value)
    {
        SawNumber = true;
        Append((float)value, -1);
    }

    /// <summary>Adds a text value.</summary>
    public void AddText(string value)
    {
        SawText = true;
        Append(float.NaN, Code(value));
    }

    /// <summary>Adds a text value given as UTF-8 bytes; a value seen before costs no decoding and no allocation.</summary>
    public void AddText(ReadOnlySpan<byte> utf8)
    {
        if (!_utf8.TryGetValue(utf8, out var code))
        {
            // Codes are given by the decoded text, so byte sequences that decode alike share one.
            if (Encoding.UTF8.GetMaxCharCount(utf8.Length) > _chars.Length)
            {
                _chars = new char[Encoding.UTF8.GetMaxCharCount(utf8.Length)];
            }

            var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
            code = _lookup.TryGetValue(chars, out var known) ? known : Code(chars.ToString());
            if (_utf8.Dictionary.Count < Utf8Keys)
            {
                _utf8[utf8] = code;
            }
        }

        SawText = true;
        Append(float.NaN, code);
    }

    private void Append(float number, int code)
    {
        if (Count == _capacity)
        {
            _capacity *= 2;
            Grow(ref _numbers, float.NaN);
            Grow(ref _codes, -1);
        }

        if (!float.IsNaN(number))
        {
            (_numbers ??= Filled(float.NaN))[Count] = number;
            NonNull++;
        }
        else if (code >= 0)
        {
            (_codes ??= Filled(-1))[Count] = code;
            NonNull++;
        }

        Count++;
    }

    private T[] Filled<T>(T value)
    {
        var array = new T[_capacity];
        Array.Fill(array, value);
        return array;
    }

    private void Grow<T>(ref T[]? array, T value)
    {
        if (array is not null)
        {
            var old = array.Length;
            Array.Resize(ref array, _capacity);
            Array.Fill(array, value, old, _capacity - old);
        }
    }

    private float NumberAt(int row) => _numbers is null ? float.NaN : _numbers[row];

    private int CodeAt(int row) => _codes is null ? -1 : _codes[row];

    /// <summary>True when the row's value was NULL.</summary>
    public bool IsNull(int row) => CodeAt(row) < 0 && float.IsNaN(NumberAt(row));

    /// <summary>The value of a row as text (numbers in invariant form), null for NULL.</summary>
    public string? Text(int row) =>
        CodeAt(row) >= 0 ? _values[CodeAt(row)] : float.IsNaN(NumberAt(row)) ? null : NumberAt(row).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The value of a row as a number (NaN for NULL or text).</summary>
    public float Number(int row) => NumberAt(row);

    /// <summary>Decides the feature kind and encodes the rows (in the given order) as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (FeatureSpec Spec, float[] Values) Encode(ReadOnlySpan<int> order)
    {
        var values = new float[order.Length];
        if (!SawText)
        {
            var kind = SawDateTime ? (SawTimeOfDay ? FeatureKind.Timestamp : FeatureKind.Date) : SawBoolean && !SawNumber ? FeatureKind.Boolean : FeatureKind.Number;
            var missing = _numbers is null;
            if (_numbers is { } numbers)
            {
                for (var i = 0; i < order.Length; i++)
                {
                    values[i] = numbers[order[i]];
                    missing |= float.IsNaN(values[i]);
                }
            }
            else
            {
                Array.Fill(values, float.NaN);
            }

            return (new FeatureSpec(Name, kind, null, missing), values);
        }

        if (!SawNumber && !SawBoolean && !SawDateTime && TryIsoDays(out var days, out var hasTime))
        {
            var missing = false;
            for (var i = 0; i < order.Length; i++)
            {
                var c = CodeAt(order[i]);
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
            var codes = _codes!;   // text was seen
            for (var i = 0; i < order.Length; i++)
            {
                var c = codes[order[i]];
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
        var texts = new string?[order.Length];
        var set = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < order.Length; i++)
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
        for (var i = 0; i < order.Length; i++)
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
