using System.Diagnostics;
using System.Globalization;
using LeanML.Storage;

namespace LeanML.Scoring;

/// <summary>
/// <c>leanml score</c>: streams a table or file through a run's model (the same <see cref="RowEncoder"/> as serving)
/// and writes id, prediction, run id and time atomically: a table in one transaction, a file beside and renamed.
/// Memory stays bounded: one row at a time.
/// </summary>
public sealed partial class BatchScorer(Workspace.Workspace workspace)
{
    private static readonly string[] FileExtensions = [".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".parquet"];

    // Inputs read through the ingestion record sources (raw text cells, encoded like CSV text).
    private static readonly string[] IngestOnlyExtensions = [".xlsx", ".json"];

    /// <summary>Scores <paramref name="input"/> into <paramref name="output"/> with the production model or <paramref name="run"/>.</summary>
    public async Task<BatchScoreResult> ScoreAsync(string project, string input, string output, string? run, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new LeanMLInputException("the output must differ from the input: scoring replaces the output atomically.", field: "--output");
        }

        if (IngestOnlyExtensions.Contains(Path.GetExtension(output), StringComparer.OrdinalIgnoreCase))
        {
            throw new LeanMLInputException("scores are written as .csv, .jsonl or .parquet files (or a table); XLSX and JSON arrays are input formats only.", output, field: "--output");
        }

        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var record = await ModelSource.ResolveRunAsync(state, project, run, cancellationToken).ConfigureAwait(false);
        var model = await new ModelSource(workspace).LoadAsync(record, cancellationToken).ConfigureAwait(false);

        // The warehouse only when a table is read or written: a file to a file leaves it free for other processes.
        var inputIsFile = File.Exists(input) || IsFile(input);
        await using var warehouse = inputIsFile && IsFile(output) ? null : await Warehouse.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);

        await using var source = await OpenInputAsync(warehouse, inputIsFile, input, model.Schema, cancellationToken).ConfigureAwait(false);
        var columns = source.Columns;
        var featureOf = columns.Select(model.Encoder.IndexOf).ToArray();
        var missing = model.Schema.Features.Select(f => f.Name).Where(f => !columns.Contains(f, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            throw new LeanMLInputException($"the input lacks {missing.Length} feature column{(missing.Length > 1 ? "s" : "")} the model needs: {string.Join(", ", missing)}.", source.Name, field: missing[0]);
        }

        var idName = model.Schema.IdColumn is { } id && columns.Contains(id, StringComparer.Ordinal) ? id : null;
        var idIndex = idName is null ? -1 : Array.IndexOf(columns, idName);
        var ignored = columns.Where((c, i) => featureOf[i] < 0 && i != idIndex).ToArray();
        var outputColumns = OutputColumns(model, idName ?? "row");
        var scoredAt = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        await using var sink = IsFile(output)
            ? Path.GetExtension(output).Equals(".parquet", StringComparison.OrdinalIgnoreCase)
                ? new ParquetScoreSink(Path.GetFullPath(output), outputColumns)
                : (ScoreSink)new FileScoreSink(Path.GetFullPath(output), outputColumns)
            : await TableScoreSink.CreateAsync(warehouse!, output, outputColumns, cancellationToken).ConfigureAwait(false);

        var features = new float[model.Encoder.FeatureCount];
        var result = new float[model.OutputCount];
        var values = new FieldValue[columns.Length];
        var errors = new List<FeatureError>();
        var cells = new object?[outputColumns.Count];
        long rows = 0, unseen = 0;
        while (await source.ReadAsync(values, cancellationToken).ConfigureAwait(false) is { } line)
        {
            unseen += model.Encoder.EncodeColumns((int)rows, featureOf, values, features, errors);
            if (errors.Count > 0)
            {
                var e = errors[0];
                throw new LeanMLInputException($"field '{e.Field}': {e.Message} Nothing was written.", source.Name, line: source.IsFile ? line : null, field: e.Field);
            }

            model.Predict(features, result);
            cells[0] = idIndex >= 0 ? IdText(values[idIndex]) : (rows + 1).ToString(CultureInfo.InvariantCulture);
            var k = 1;
            if (model.Model.ClassCount > 1)
            {
                cells[k++] = model.Label(result);
                if (model.OutputCount > 1)
                {
                    for (var c = 0; c < result.Length; c++)
                    {
                        cells[k++] = (double)result[c];
                    }
                }
            }
            else
            {
                cells[k++] = (double)result[0];
            }

            cells[k++] = model.RunId;
            cells[k] = scoredAt;
            await sink.WriteAsync(cells, cancellationToken).ConfigureAwait(false);
            rows++;
            if (rows % 100_000 == 0)
            {
                progress?.Report(rows);
            }
        }

        await sink.CommitAsync(cancellationToken).ConfigureAwait(false);
        var scoreId = Internal.Ulid.New(started);
        var resultRecord = new BatchScoreResult(scoreId, project, model.RunId, source.Name, output, rows, unseen, ignored, clock.Elapsed.TotalSeconds);
        await RecordAsync(state, resultRecord, started, cancellationToken).ConfigureAwait(false);
        return resultRecord;
    }

    /// <summary>The output columns: id, then score | value | label (+ score_CLASS), then run_id and scored_at.</summary>
    public static IReadOnlyList<(string Name, bool IsNumber)> OutputColumns(ScoringModel model, string idName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var list = new List<(string, bool)> { (idName, false) };
        if (model.Model.ClassCount > 1)
        {
            list.Add(("label", false));
            if (model.OutputCount > 1)
            {
                list.AddRange(model.Classes.Select(c => ("score_" + c, true)));
            }
        }
        else
        {
            list.Add((model.Task == "regression" ? "value" : "score", true));
        }

        list.Add(("run_id", false));
        list.Add(("scored_at", false));
        return list;
    }

    private static string IdText(in FieldValue v) => v.Kind switch
    {
        FieldValueKind.Text => v.Text!,
        FieldValueKind.Number => v.Number.ToString("R", CultureInfo.InvariantCulture),
        FieldValueKind.Null => "",
        _ => v.Describe(),
    };

    private static bool IsFile(string target) =>
        FileExtensions.Contains(Path.GetExtension(target), StringComparer.OrdinalIgnoreCase) || IngestOnlyExtensions.Contains(Path.GetExtension(target), StringComparer.OrdinalIgnoreCase) || target.Contains('/', StringComparison.Ordinal) || target.Contains('\\', StringComparison.Ordinal);

    private async Task<ScoreSource> OpenInputAsync(Database? warehouse, bool inputIsFile, string input, Features.FeatureSchema schema, CancellationToken cancellationToken)
    {
        if (inputIsFile)
        {
            return FileScoreSource.Open(input, Reader, schema, cancellationToken);
        }

        return await TableScoreSource.OpenAsync(warehouse!, input, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RecordAsync(Database warehouse, BatchScoreResult r, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var cmd = warehouse.Command($"""
            INSERT INTO {warehouse.Engine.Meta("score_runs")} (id, project, run_id, input, output, row_count, unseen_categories, started_at, finished_at)
            VALUES (@id, @project, @run, @input, @output, @rows, @unseen, @started, @finished)
            """);
        void Add(string name, object value) => cmd.Bind(name, value);

        Add("@id", r.Id);
        Add("@project", r.Project);
        Add("@run", r.RunId);
        Add("@input", r.Input);
        Add("@output", r.Output);
        Add("@rows", r.Rows);
        Add("@unseen", r.UnseenCategories);
        Add("@started", started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("@finished", DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
