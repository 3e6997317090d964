using System.Data.Common;

namespace LeanML.Sources.Internal;

/// <summary>One raw row as an adapter reads it: each field's cell as text (see <see cref="SourceValues.Text"/>), by field key.</summary>
internal sealed class ExportRow
{
    private readonly Dictionary<string, int> _ordinals;
    private DbDataReader? _reader;

    public ExportRow(Dictionary<string, int> ordinals, string file, string vendor)
    {
        _ordinals = ordinals;
        File = file;
        Vendor = vendor;
    }

    /// <summary>The file the row came from.</summary>
    public string File { get; }

    /// <summary>The export's vendor.</summary>
    public string Vendor { get; }

    /// <summary>The row's line in the file.</summary>
    public long Line { get; private set; }

    /// <summary>The row's fields as text rather than through the reader (unit tests).</summary>
    public IReadOnlyDictionary<string, string?>? Values { get; init; }

    /// <summary>Points the row at the reader's current record; the last column is <c>_source_line</c>.</summary>
    public void Next(DbDataReader reader)
    {
        _reader = reader;
        Line = Convert.ToInt64(reader.GetValue(reader.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sets the line when the row is read from <see cref="Values"/>.</summary>
    public void At(long line) => Line = line;

    /// <summary>True when the export has the field.</summary>
    public bool Has(string key) => Values is { } v ? v.ContainsKey(key) : _ordinals.ContainsKey(key);

    /// <summary>The field's cell as text, or null when blank or absent.</summary>
    public string? this[string key] =>
        Values is { } v ? (v.TryGetValue(key, out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null)
        : _ordinals.TryGetValue(key, out var i) ? SourceValues.Text(_reader!.GetValue(i)) : null;
}
