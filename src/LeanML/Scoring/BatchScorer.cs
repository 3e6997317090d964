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

    // What scores may be written as (any other name with an extension or a path is refused, not guessed).
    private static readonly string[] OutputExtensions = [".csv", ".tsv", ".jsonl", ".parquet"];

    // Inputs read through the ingestion record sources (raw text cells, encoded like CSV text).
    private static readonly string[] IngestOnlyExtensions = [".xlsx", ".json"];

    /// <summary>Scores <paramref name="input"/> into <paramref name="output"/> with the production model or <paramref name="run"/>.</summary>
    public Task<BatchScoreResult> ScoreAsync(string project, string input, string output, string? run, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        ScoreAsync(new ScoreRequest(project, output) { Input = input, Run = run }, progress, cancellationToken);

    /// <summary>Scores what <paramref name="request"/> names (a table, a file, a query, or the brief's dataset.sql).</summary>
    public async Task<BatchScoreResult> ScoreAsync(ScoreRequest request, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (project, output) = (request.Project, request.Output);
        if (request.Input is not null && request.InputSql is not null)
        {
            throw new LeanMLInputException("give --input or --input-sql, not both (with neither, the brief's dataset.sql is scored).", field: "--input-sql");
        }

        if (string.Equals(request.Input, output, StringComparison.Ordinal))
        {
            throw new LeanMLInputException("the output must differ from the input: scoring replaces the output atomically.", field: "--output");
        }

        // A known extension or a path is a file; anything else names a table, never one of LeanML's own.
        var outputIsFile = OutputExtensions.Contains(Path.GetExtension(output), StringComparer.OrdinalIgnoreCase) || output.Contains('/', StringComparison.Ordinal) || output.Contains('\\', StringComparison.Ordinal);
        if (!outputIsFile)
        {
            SqlNames.RefuseReserved(output, null, "--output");
        }

        if ((outputIsFile || Path.HasExtension(output)) && !OutputExtensions.Contains(Path.GetExtension(output), StringComparer.OrdinalIgnoreCase))
        {
            throw new LeanMLInputException($"scores are written as {string.Join(", ", OutputExtensions)} files or to a warehouse table (a name without a dot); '{Path.GetExtension(output)}' is not one of them.", output, field: "--output");
        }

        if (outputIsFile)
        {
            Internal.OutputFolder.Require(output);
        }

        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var record = await ModelSource.ResolveRunAsync(state, project, request.Run, cancellationToken).ConfigureAwait(false);
        var model = await new ModelSource(workspace).LoadAsync(record, cancellationToken).ConfigureAwait(false);

        await using var input = await OpenRequestInputAsync(request, model, needWarehouse: !outputIsFile, cancellationToken).ConfigureAwait(false);
        var (warehouse, source, columns, featureOf, idIndex, ignored, integerIdColumn) = (input.Warehouse, input.Source, input.Columns, input.FeatureOf, input.IdIndex, input.Ignored, input.IntegerIdColumn);
        var idName = input.IdName;
        var outputColumns = OutputColumns(model, idName ?? "row", idIndex < 0 || integerIdColumn ? ScoreColumnKind.Integer : ScoreColumnKind.Text);
        // UTC, to the microsecond a warehouse TIMESTAMP keeps (so a table, a Parquet file and a CSV say the same time);
        // of kind Unspecified, as a TIMESTAMP (without time zone) column takes it on PostgreSQL too.
        var now = DateTime.UtcNow;
        var scoredAt = new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Unspecified);
        var scoreId = Internal.Ulid.New(started);

        await using var sink = outputIsFile
            ? Path.GetExtension(output).Equals(".parquet", StringComparison.OrdinalIgnoreCase)
                ? new ParquetScoreSink(Path.GetFullPath(output), outputColumns)
                : (ScoreSink)new FileScoreSink(Path.GetFullPath(output), outputColumns)
            : await TableScoreSink.CreateAsync(warehouse!, output, outputColumns, request.Replace, scoreId, model.RunId, cancellationToken).ConfigureAwait(false);
        await using var rejects = new RejectsWriter(outputIsFile ? RejectsWriter.BesideFile(Path.GetFullPath(output)) : Path.Combine(workspace.StateDir, "rejects", scoreId + ".jsonl"));

        var features = new float[model.Encoder.FeatureCount];
        var result = new float[model.OutputCount];
        var values = new FieldValue[columns.Length];
        var errors = new List<FeatureError>();
        var missingValues = new List<MissingFeature>();
        var cells = new object?[outputColumns.Count];
        var ids = idIndex >= 0 ? new HashSet<string>(StringComparer.Ordinal) : null;
        long rows = 0, unseen = 0, duplicateIds = 0, read = 0, missingFeatures = 0;
        var integerIds = true;
        while (await source.ReadAsync(values, cancellationToken).ConfigureAwait(false) is { } line)
        {
            read++;
            errors.Clear();
            missingValues.Clear();
            var rowUnseen = model.Encoder.EncodeColumns((int)rows, featureOf, values, features, errors, null, missingValues);
            if (errors.Count > 0)
            {
                var e = errors[0];
                var value = Array.IndexOf(columns, e.Field) is var at and >= 0 ? values[at].Describe() : "";
                if (request.Strict)
                {
                    throw new LeanMLInputException($"field '{e.Field}': {e.Message} Nothing was written (--strict).", source.Name, line: source.IsFile ? line : null, field: e.Field);
                }

                await rejects.WriteAsync(line, e.Field, value, e.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            unseen += rowUnseen;
            missingFeatures += missingValues.Count;
            model.Predict(features, result);
            // The id as the input holds it: a table's integer exactly (a NULL stays NULL), a file's text as written.
            var integerId = idIndex < 0 ? read : integerIdColumn ? source.IntegerValue(idIndex) : null;
            var idText = integerId?.ToString(CultureInfo.InvariantCulture) ?? (idIndex >= 0 && !integerIdColumn ? IdText(values[idIndex]) : "");
            if (ids is not null && idText.Length > 0 && !ids.Add(idText))
            {
                duplicateIds++;
            }

            integerIds &= integerId is not null || IsInteger(idText);
            cells[0] = outputColumns[0].Kind == ScoreColumnKind.Integer ? integerId : idText;
            cells[1] = Internal.Ulid.New(started);
            var k = 2;
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

        // The rejects first: a crash between the two leaves new rejects beside the previous output, never old rejects beside new scores.
        var rejectsPath = await rejects.CommitAsync(cancellationToken).ConfigureAwait(false);
        await sink.CommitAsync(integerIds && rows > 0, cancellationToken).ConfigureAwait(false);
        var resultRecord = new BatchScoreResult(scoreId, project, model.RunId, source.Name, output, rows, unseen, ignored, clock.Elapsed.TotalSeconds)
        {
            Rejected = rejects.Count,
            RejectsFile = rejectsPath,
            DuplicateIds = duplicateIds,
            MissingFeatures = missingFeatures,
        };
        await RecordAsync(state, resultRecord, started, cancellationToken).ConfigureAwait(false);
        return resultRecord;
    }

    // An id read as text that is a whole number written plainly (no leading zeros or sign: "007" stays text, so it
    // keeps its zeros): the table output then stores the ids as integers.
    private static bool IsInteger(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n.ToString(CultureInfo.InvariantCulture) == text;


    /// <summary>The output columns: id, prediction_id, then score | value | label (+ score_CLASS), then run_id and scored_at.</summary>
    internal static IReadOnlyList<(string Name, ScoreColumnKind Kind)> OutputColumns(ScoringModel model, string idName, ScoreColumnKind idKind = ScoreColumnKind.Text)
    {
        ArgumentNullException.ThrowIfNull(model);
        var list = new List<(string, ScoreColumnKind)> { (idName, idKind), ("prediction_id", ScoreColumnKind.Text) };
        if (model.Model.ClassCount > 1)
        {
            list.Add(("label", ScoreColumnKind.Text));
            if (model.OutputCount > 1)
            {
                list.AddRange(model.Classes.Select(c => ("score_" + c, ScoreColumnKind.Real)));
            }
        }
        else
        {
            list.Add((model.Task == "regression" ? "value" : "score", ScoreColumnKind.Real));
        }

        list.Add(("run_id", ScoreColumnKind.Text));
        list.Add(("scored_at", ScoreColumnKind.Timestamp));
        return list;
    }

    private static string IdText(in FieldValue v) => v.Kind switch
    {
        FieldValueKind.Text => v.Text!,
        FieldValueKind.Number when v.Number == Math.Floor(v.Number) && Math.Abs(v.Number) < 9.2e18 => ((long)v.Number).ToString(CultureInfo.InvariantCulture),
        FieldValueKind.Number => v.Number.ToString("R", CultureInfo.InvariantCulture),
        FieldValueKind.Null => "",
        _ => v.Describe(),
    };

    private static bool IsFile(string target) =>
        FileExtensions.Contains(Path.GetExtension(target), StringComparer.OrdinalIgnoreCase) || IngestOnlyExtensions.Contains(Path.GetExtension(target), StringComparer.OrdinalIgnoreCase) || target.Contains('/', StringComparison.Ordinal) || target.Contains('\\', StringComparison.Ordinal);

    private async Task<ScoreSource> OpenInputAsync(Database? warehouse, bool inputIsFile, string input, Features.FeatureSchema schema, bool stream, CancellationToken cancellationToken)
    {
        if (inputIsFile)
        {
            return FileScoreSource.Open(input, Reader, schema, cancellationToken);
        }

        return await TableScoreSource.OpenAsync(warehouse!, input, stream, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RecordAsync(Database warehouse, BatchScoreResult r, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var cmd = warehouse.Command($"""
            INSERT INTO {warehouse.Engine.Meta("score_runs")} (id, project, run_id, input, output, row_count, unseen_categories, started_at, finished_at, rejected_count, duplicate_ids, rejects_path)
            VALUES (@id, @project, @run, @input, @output, @rows, @unseen, @started, @finished, @rejected, @duplicates, @rejects)
            """);
        void Add(string name, object value) => cmd.Bind(name, value);

        Add("@id", r.Id);
        Add("@project", r.Project);
        Add("@run", r.RunId);
        Add("@input", r.Input);
        Add("@output", r.Output);
        Add("@rows", r.Rows);
        Add("@unseen", r.UnseenCategories);
        Add("@rejected", r.Rejected);
        Add("@duplicates", r.DuplicateIds);
        cmd.Bind("@rejects", r.RejectsFile);
        Add("@started", started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("@finished", DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
