using System.CommandLine;
using LeanML.Ingestion;

namespace LeanML.Cli.Commands;

/// <summary>
/// The reader flags, the same on <c>ingest</c> and <c>score --input FILE</c> (DESIGN.md section 12): one set of options
/// added to both commands and parsed into one <see cref="ReaderOptions"/>.
/// </summary>
internal sealed class ReaderFlags
{
    private readonly Option<string?> _format = new("--format", "-f") { Description = "csv | tsv | json | jsonl | xlsx | parquet (default: from the extension)", HelpName = "F" };
    private readonly Option<string?> _sheet = new("--sheet") { Description = "XLSX sheet to read (default: the first)", HelpName = "S" };
    private readonly Option<string[]> _types = new("--type") { Description = "Force a column's type: COL=integer|real|money|boolean|date|timestamp|text (repeatable)", HelpName = "COL=TYPE" };
    private readonly Option<string[]> _na = new("--na") { Description = "Also read this cell as missing (repeatable); --na '' reads only empty cells as missing (default also: NA N/A n/a NULL null NaN nan None #N/A)", HelpName = "TOKEN" };
    private readonly Option<string?> _decimal = new("--decimal") { Description = "Decimal separator: , reads 12,5 as 12.5 in every column (default: a column of decimal commas is detected)", HelpName = "SEP" };
    private readonly Option<string?> _encoding = new("--encoding") { Description = "utf-8 (default) | latin1 | cp1252 | utf-16", HelpName = "ENC" };
    private readonly Option<string?> _delimiter = new("--delimiter") { Description = "CSV delimiter, e.g. ';' or ' ' or tab (default: detected among , ; tab |)", HelpName = "CHAR" };
    private readonly Option<bool> _noHeader = new("--no-header") { Description = "The first line is data; columns are named column_1..N" };
    private readonly Option<int> _skipRows = new("--skip-rows") { Description = "Skip N lines before the header (titles, notes)", HelpName = "N" };
    private readonly Option<string[]> _dateFormats = new("--date-format") { Description = "A column's exact date format, e.g. day=d.M.yyyy or at='dd/MM/yyyy HH:mm' (repeatable)", HelpName = "COL=FMT" };
    private readonly Option<bool> _dayFirst = new("--dayfirst") { Description = "Read dates that could be d/M or M/d as day first" };

    public ReaderFlags()
    {
        _format.AcceptOnlyFromAmong("csv", "tsv", "json", "jsonl", "xlsx", "parquet");
        _decimal.AcceptOnlyFromAmong(",", ".");
        _encoding.AcceptOnlyFromAmong("utf-8", "utf8", "latin1", "latin-1", "iso-8859-1", "cp1252", "windows-1252", "utf-16", "utf16", "utf-16le", "utf-16be");
        _skipRows.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--skip-rows must be 0 or more.");
            }
        });
        _delimiter.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } d && Delimiter(d) is null)
            {
                r.AddError($"--delimiter '{d}' must be one character (or 'tab', 'space').");
            }
        });
    }

    /// <summary>Adds the flags to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _format, _sheet, _types, _na, _decimal, _encoding, _delimiter, _noHeader, _skipRows, _dateFormats, _dayFirst })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The reader options given on the command line, with the workspace's <c>ingest.max_record_mb</c>.</summary>
    public ReaderOptions Parse(ParseResult parse, LeanML.Workspace.Workspace workspace)
    {
        var na = parse.GetValue(_na) ?? [];
        return new ReaderOptions
        {
            Format = parse.GetValue(_format) is { } f ? Enum.Parse<IngestFormat>(f, ignoreCase: true) : null,
            Sheet = parse.GetValue(_sheet),
            Types = ParseTypes(parse.GetValue(_types) ?? []),
            // --na '' starts from only-empty; other tokens add to the defaults.
            NullTokens = [.. (na.Contains("") ? [] : ReaderOptions.DefaultNullTokens).Concat(na.Where(t => t.Length > 0))],
            DecimalComma = parse.GetValue(_decimal) switch
            {
                "," => true,
                "." => false,
                _ => null,
            },
            Encoding = parse.GetValue(_encoding),
            Delimiter = parse.GetValue(_delimiter) is { } d ? Delimiter(d) : null,
            NoHeader = parse.GetValue(_noHeader),
            SkipRows = parse.GetValue(_skipRows),
            DateFormats = Pairs(parse.GetValue(_dateFormats) ?? [], "--date-format", "COL=FORMAT, e.g. day=d.M.yyyy"),
            DayFirst = parse.GetValue(_dayFirst),
            MaxRecordBytes = workspace.Settings.Ingest.MaxRecordMb * 1024L * 1024,
        };
    }

    private static char? Delimiter(string text) => text switch
    {
        "tab" or "\\t" => '\t',
        "space" => ' ',
        { Length: 1 } => text[0],
        _ => null,
    };

    private static Dictionary<string, ColumnType> ParseTypes(string[] specs)
    {
        var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        foreach (var (column, name) in Pairs(specs, "--type", "COL=TYPE with TYPE one of integer, real, money, boolean, date, timestamp, text"))
        {
            types[column] = ColumnTypes.Parse(name) ?? throw new LeanMLInputException($"--type '{column}={name}' must be COL=TYPE with TYPE one of integer, real, money, boolean, date, timestamp, text.", field: "--type");
        }

        return types;
    }

    private static Dictionary<string, string> Pairs(string[] specs, string flag, string shape)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
            {
                throw new LeanMLInputException($"{flag} '{spec}' must be {shape}.", field: flag);
            }

            pairs[spec[..eq].Trim()] = spec[(eq + 1)..];
        }

        return pairs;
    }
}
