namespace LeanML.Ingestion;

/// <summary>
/// How a file is read, the same for <c>leanml ingest</c> and <c>leanml score --input FILE</c> (the reader flags of
/// DESIGN.md section 12). Every option has a default that suits most exports.
/// </summary>
public sealed record ReaderOptions
{
    /// <summary>The missing-value tokens pandas' read_csv reads as NaN by default (besides the empty cell).</summary>
    public static IReadOnlyList<string> DefaultNullTokens { get; } = ["NA", "N/A", "n/a", "NULL", "null", "NaN", "nan", "None", "#N/A"];

    // Declared after the tokens it uses: static initializers run in order.
    /// <summary>The defaults: format from the extension, delimiter detected, UTF-8, pandas' missing-value tokens.</summary>
    public static ReaderOptions Default { get; } = new();

    /// <summary>The format; default: from the extension (and gzip's magic bytes).</summary>
    public IngestFormat? Format { get; init; }

    /// <summary>The XLSX sheet to read; default: the first.</summary>
    public string? Sheet { get; init; }

    /// <summary>Forced types by column (original header or snake_case name); values that do not fit are quarantined.</summary>
    public IReadOnlyDictionary<string, ColumnType> Types { get; init; } = new Dictionary<string, ColumnType>();

    /// <summary>Cells read as NULL besides empty ones (exact, case-sensitive); default <see cref="DefaultNullTokens"/>.</summary>
    public IReadOnlyList<string> NullTokens { get; init; } = DefaultNullTokens;

    /// <summary>True: a comma is the decimal separator of every number (and '.' groups thousands); null: decided per column.</summary>
    public bool? DecimalComma { get; init; }

    /// <summary>The text encoding: utf-8 (default), latin1, cp1252 or utf-16.</summary>
    public string? Encoding { get; init; }

    /// <summary>The delimiter of a CSV; default: detected among , ; tab |.</summary>
    public char? Delimiter { get; init; }

    /// <summary>True when the first line is data: columns are named column_1..N.</summary>
    public bool NoHeader { get; init; }

    /// <summary>Lines skipped before the header (titles, notes above the table).</summary>
    public int SkipRows { get; init; }

    /// <summary>An exact date format (.NET custom format, e.g. d.M.yyyy or dd/MM/yyyy HH:mm) by column.</summary>
    public IReadOnlyDictionary<string, string> DateFormats { get; init; } = new Dictionary<string, string>();

    /// <summary>True: a column of d/M and M/d dates that reads both ways is read day first.</summary>
    public bool DayFirst { get; init; }

    /// <summary>The longest CSV record read, in bytes (<c>ingest.max_record_mb</c>); a longer one is quarantined.</summary>
    public long MaxRecordBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How these options read a file, as a stable text naming only what differs from the defaults (empty for the
    /// defaults): the same bytes read another way are another load.
    /// </summary>
    public string Fingerprint()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + value);
            }
        }

        static string Map<T>(IReadOnlyDictionary<string, T> map) => string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value}"));
        Add("format", Format?.ToString().ToLowerInvariant());
        Add("sheet", Sheet);
        Add("types", Types.Count > 0 ? Map(Types) : null);
        Add("na", NullTokens.SequenceEqual(DefaultNullTokens) ? null : string.Join(",", NullTokens));
        Add("decimal_comma", DecimalComma?.ToString());
        Add("encoding", Encoding?.Trim().ToLowerInvariant() is { } e and not ("utf-8" or "utf8" or "") ? e : null);
        Add("delimiter", Delimiter?.ToString());
        Add("no_header", NoHeader ? "true" : null);
        Add("skip_rows", SkipRows != 0 ? SkipRows.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        Add("date_formats", DateFormats.Count > 0 ? Map(DateFormats) : null);
        Add("dayfirst", DayFirst ? "true" : null);
        Add("max_record_bytes", MaxRecordBytes != Default.MaxRecordBytes ? MaxRecordBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        return string.Join("; ", parts);
    }
}
