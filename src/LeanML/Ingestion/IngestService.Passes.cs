using LeanML.Ingestion.Internal;

namespace LeanML.Ingestion;

/// <summary>The two passes over a file and the plan that maps its columns onto the table.</summary>
public static partial class IngestService
{
    private const int ProgressEvery = 1 << 16;
    private const int CancelCheckEvery = 1 << 12;

    private static RecordSource OpenSource(string file, IngestFormat format, char delimiter, string? sheet, IReadOnlyList<string>? columns) => format switch
    {
        IngestFormat.Csv or IngestFormat.Tsv => new CsvRecordSource(file, delimiter),
        IngestFormat.Json => new JsonRecordSource(file, lines: false, columns),
        IngestFormat.Jsonl => new JsonRecordSource(file, lines: true, columns),
        _ => new XlsxRecordSource(file, sheet),
    };

    private static (List<string> Originals, List<InferredColumn> Inferred) Infer(string file, IngestFormat format, char delimiter, string? sheet, long size, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        using var source = OpenSource(file, format, delimiter, sheet, null);
        var inference = new List<ColumnInference>();
        long records = 0;
        while (source.Read())
        {
            if (++records % CancelCheckEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                if (records % ProgressEvery == 0)
                {
                    progress?.Report(new IngestProgress(file, 1, source.BytesRead, size, records));
                }
            }

            if (source.Error is not null)
            {
                continue;
            }

            var values = source.Values;
            while (inference.Count < source.Columns.Count)
            {
                inference.Add(new ColumnInference());
            }

            for (var i = 0; i < values.Count; i++)
            {
                var v = values[i];
                if (v is not null)
                {
                    inference[i].Observe(v);
                }
            }
        }

        while (inference.Count < source.Columns.Count)
        {
            inference.Add(new ColumnInference());
        }

        var originals = source.Columns.ToList();
        return (originals, inference.Select((c, i) => c.Result(originals[i])).ToList());
    }

    private static (List<ColumnInfo> Columns, ValueConverter[] Converters, bool Widened) Plan(
        IReadOnlyList<ColumnInfo> existing,
        List<(string Name, string Original, InferredColumn Inferred, ColumnType? Forced)> fileColumns,
        List<string> warnings)
    {
        var columns = existing.ToList();
        var converters = new ValueConverter[fileColumns.Count];
        var widened = false;
        for (var i = 0; i < fileColumns.Count; i++)
        {
            var (name, original, inferred, forced) = fileColumns[i];
            var type = forced ?? inferred.Type;
            var unit = type == ColumnType.Money ? inferred.Unit : null;
            var at = columns.FindIndex(c => c.Name == name);
            if (at < 0)
            {
                columns.Add(new ColumnInfo(name, original, type, unit));
                if (existing.Count > 0)
                {
                    warnings.Add($"new column '{name}' ({type.Name()}) added; rows loaded before have NULL in it");
                }

                converters[i] = new ValueConverter(type, unit, inferred.Order);
                continue;
            }

            var old = columns[at];
            var target = old.Type;
            if (forced is not null || !inferred.Empty)
            {
                target = ColumnTypes.Widen(old.Type, type);
                if (old.Type == ColumnType.Money && type == ColumnType.Money && unit is not null && old.Unit is not null && unit != old.Unit)
                {
                    target = ColumnType.Text;
                }
            }

            if (target != old.Type)
            {
                widened = true;
                warnings.Add($"column '{name}' widened from {old.Type.Name()} to {target.Name()}: this file's values are {type.Name()}");
                columns[at] = old with { Type = target, Unit = target == ColumnType.Money ? old.Unit : null };
            }

            converters[i] = new ValueConverter(target, columns[at].Unit, inferred.Order);
        }

        foreach (var missing in existing.Where(e => !fileColumns.Any(f => f.Name == e.Name)))
        {
            warnings.Add($"column '{missing.Name}' is not in this file; its rows have NULL in it");
        }

        return (columns, converters, widened);
    }

    private static async Task<(long Read, long Loaded, long Updated)> LoadAsync(
        string file, IngestFormat format, char delimiter, string? sheet, IReadOnlyList<string> originals, ValueConverter[] converters, IReadOnlyList<string> names,
        string loadId, int keyIndex, RowSink sink, QuarantineWriter quarantine, long size, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        using var source = OpenSource(file, format, delimiter, sheet, originals);
        var n = converters.Length;
        var row = new object?[n + 2];
        row[n] = loadId;
        long read = 0, loaded = 0, updated = 0;
        while (source.Read())
        {
            if (++read % CancelCheckEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                if (read % ProgressEvery == 0)
                {
                    progress?.Report(new IngestProgress(file, 2, source.BytesRead, size, read));
                }
            }

            var error = source.Error;
            if (error is null)
            {
                var values = source.Values;
                for (var i = 0; i < n; i++)
                {
                    var raw = i < values.Count ? values[i] : null;
                    var value = converters[i].Convert(raw, out var reason);
                    if (value is null)
                    {
                        error = $"column '{originals[i]}' ({names[i]}, {converters[i].Type.Name()}): '{Shorten(raw)}' {reason}";
                        break;
                    }

                    row[i] = value;
                }

                if (error is null && keyIndex >= 0 && row[keyIndex] is DBNull)
                {
                    error = $"the key column '{names[keyIndex]}' is empty";
                }
            }

            if (error is not null)
            {
                quarantine.Write(source.Line, error, source.RawText());
                continue;
            }

            row[n + 1] = source.Line;
            if (await sink.WriteAsync(row, ct).ConfigureAwait(false))
            {
                updated++;
            }

            loaded++;
        }

        progress?.Report(new IngestProgress(file, 2, size, size, read));
        return (read, loaded, updated);
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 60 ? value : value[..57] + "...";
}
