using LeanML.Storage;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// The one reading of a file's columns that ingest and <c>score --input FILE</c> share: the header normalised to
/// unique snake_case names, each column's type decided from its values under the reader options, and the converter
/// that turns a cell into its typed value.
/// </summary>
internal static class FileReader
{
    private const int ProgressEvery = 1 << 16;
    private const int CancelCheckEvery = 1 << 12;

    /// <summary>
    /// The columns and their types from the first <paramref name="limit"/> records; Complete when those were all the
    /// file's records. A file wider than <paramref name="maxColumns"/> fails as soon as its header is read.
    /// </summary>
    public static (List<string> Originals, List<InferredColumn> Inferred, bool Complete, string? Notice) Infer(
        FileInput input, long limit, int maxColumns, string engine, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        using var source = input.OpenSource();
        CheckWidth(input, source.Columns.Count, maxColumns, engine);
        var rules = new CellRules(input.Options);
        var size = new FileInfo(input.Path).Length;
        var inference = new List<ColumnInference>();
        long records = 0;
        var complete = false;
        while (records < limit)
        {
            if (!source.Read())
            {
                complete = true;
                break;
            }

            if (++records % CancelCheckEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                if (records % ProgressEvery == 0)
                {
                    progress?.Report(new IngestProgress(input.Path, 1, source.BytesRead, size, records));
                }
            }

            if (source.Error is not null)
            {
                continue;
            }

            while (inference.Count < source.Columns.Count)
            {
                inference.Add(new ColumnInference(rules));
            }

            var count = source.FieldCount;
            for (var i = 0; i < count; i++)
            {
                if (!source.IsNull(i))
                {
                    inference[i].Observe(source.Field(i));
                }
            }
        }

        CheckWidth(input, source.Columns.Count, maxColumns, engine);
        while (inference.Count < source.Columns.Count)
        {
            inference.Add(new ColumnInference(rules));
        }

        var originals = source.Columns.ToList();
        var notice = source switch
        {
            CsvRecordSource csv => csv.HeaderWarning,
            XlsxRecordSource xlsx => xlsx.SheetNotice,
            _ => null,
        };
        return (originals, inference.Select((c, i) => c.Result(originals[i])).ToList(), complete, notice);
    }

    /// <summary>The unique snake_case names of a file's columns (Marriage Rating → marriage_rating).</summary>
    public static IReadOnlyList<string> Names(IEnumerable<string> originals) => SqlNames.Unique(originals.Select(SqlNames.ToSnakeCase));

    /// <summary>
    /// The types forced by --type and --date-format (a date format makes a date column, or a timestamp one when it
    /// has a time of day), by column index; an unknown column is an error naming the file's columns.
    /// </summary>
    public static Dictionary<int, (ColumnType Type, string? DateFormat)> Forced(ReaderOptions options, IReadOnlyList<string> originals, IReadOnlyList<string> names, string file)
    {
        var forced = new Dictionary<int, (ColumnType, string?)>();
        foreach (var (column, type) in options.Types)
        {
            forced[Find(column, originals, names, file, "--type")] = (type, null);
        }

        foreach (var (column, format) in options.DateFormats)
        {
            var type = format.IndexOfAny(['H', 'h', 'm', 's']) >= 0 ? ColumnType.Timestamp : ColumnType.Date;
            forced[Find(column, originals, names, file, "--date-format")] = (type, format);
        }

        return forced;
    }

    /// <summary>A Parquet file's own column types by original name, with the forced ones of <paramref name="forced"/> over them.</summary>
    public static Dictionary<string, ColumnType> ParquetTypes(string file, IReadOnlyDictionary<string, ColumnType> forced)
    {
        using var source = new ParquetRecordSource(file);
        var types = source.Columns.Select((c, i) => (c, source.Types[i])).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);
        foreach (var (column, type) in forced)
        {
            types[column] = type;
        }

        return types;
    }

    /// <summary>The index of a column named by its original header or snake_case name; -1 when absent.</summary>
    public static int IndexOf(string wanted, IReadOnlyList<string> originals, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == wanted || string.Equals(originals[i], wanted, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var snake = SqlNames.ToSnakeCase(wanted);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == snake)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Find(string column, IReadOnlyList<string> originals, IReadOnlyList<string> names, string file, string flag)
    {
        var i = IndexOf(column, originals, names);
        return i >= 0 ? i : throw new LeanMLInputException($"{flag} names the column '{column}', which is not in the file; its columns are: {string.Join(", ", names)}.", file, field: flag);
    }

    private static void CheckWidth(FileInput input, int columns, int maxColumns, string engine)
    {
        if (columns > maxColumns)
        {
            throw new LeanMLInputException(
                $"the file has {columns:N0} columns, more than a {engine} table can hold ({maxColumns:N0} besides _load_id and _source_line). Nothing was created. Load fewer columns: split the file, or keep the columns you need.",
                input.Path);
        }
    }
}
