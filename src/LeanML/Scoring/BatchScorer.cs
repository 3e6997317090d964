using LeanML.Internal;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Ingestion.Internal;
using LeanML.Storage;
using LeanML.Storage.DuckDb;

namespace LeanML.Scoring;

/// <summary>
/// <c>leanml score</c>: streams a table or file through a run's model (the same <see cref="RowEncoder"/> as serving)
/// and writes id, prediction, run id and time atomically: a table in one transaction, a file beside and renamed.
/// Memory stays bounded: one row at a time.
/// </summary>
public sealed class BatchScorer(Workspace.Workspace workspace)
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

        await using var source = await OpenInputAsync(warehouse, inputIsFile, input, cancellationToken).ConfigureAwait(false);
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

    private static async Task<ScoreSource> OpenInputAsync(Database? warehouse, bool inputIsFile, string input, CancellationToken cancellationToken)
    {
        if (inputIsFile)
        {
            if (!File.Exists(input))
            {
                throw new LeanMLInputException("the input file does not exist.", input);
            }

            return Path.GetExtension(input).ToLowerInvariant() switch
            {
                ".xlsx" => IngestedFileScoreSource.OpenXlsx(input),
                ".parquet" => IngestedFileScoreSource.OpenParquet(input),
                ".json" when JsonRecordSource.StartsWithArray(input) => IngestedFileScoreSource.OpenJsonArray(input),
                ".jsonl" or ".ndjson" or ".json" => JsonLinesScoreSource.Open(input),
                ".tsv" or ".tab" => IngestedFileScoreSource.OpenCsv(input, '\t'),
                _ => IngestedFileScoreSource.OpenCsv(input, CsvRecordSource.DetectDelimiter(input)),
            };
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

    /// <summary>Rows in: a header of column names, then values one row at a time.</summary>
    private abstract class ScoreSource : IAsyncDisposable
    {
        public abstract string Name { get; }

        public abstract bool IsFile { get; }

        public abstract string[] Columns { get; }

        /// <summary>Fills values; returns the 1-based line (files) or row number, or null at the end.</summary>
        public abstract ValueTask<int?> ReadAsync(FieldValue[] values, CancellationToken cancellationToken);

        public abstract ValueTask DisposeAsync();
    }

    /// <summary>JSON Lines, whose values keep their JSON types (as in the HTTP predict body), unlike the text cells of the other formats.</summary>
    private sealed class JsonLinesScoreSource : ScoreSource
    {
        private readonly StreamReader _reader;
        private readonly string _path;
        private readonly string[] _columns;
        private int _line = 1;

        private JsonLinesScoreSource(string path, StreamReader reader, string[] columns)
        {
            _path = path;
            _reader = reader;
            _columns = columns;
        }

        public override string Name => _path;

        public override bool IsFile => true;

        public override string[] Columns => _columns;

        public static JsonLinesScoreSource Open(string path)
        {
            // The first object's keys are the columns; every line must be an object.
            var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var first = reader.ReadLine() ?? throw new LeanMLInputException("the file is empty.", path);
            using var doc = ParseLine(path, 1, first);
            var columns = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            reader.BaseStream.Seek(0, SeekOrigin.Begin);
            reader.DiscardBufferedData();
            return new JsonLinesScoreSource(path, reader, columns);
        }

        public override async ValueTask<int?> ReadAsync(FieldValue[] values, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? text;
            do
            {
                text = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                _line++;
            }
            while (text is not null && string.IsNullOrWhiteSpace(text));

            if (text is null)
            {
                return null;
            }

            var line = _line - 1;
            using var doc = ParseLine(_path, line, text);
            Array.Fill(values, FieldValue.Null);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var i = Array.IndexOf(_columns, p.Name);
                if (i < 0)
                {
                    throw new LeanMLInputException($"the field '{p.Name}' is not in the first line's fields.", _path, line: line, field: p.Name);
                }

                values[i] = FieldValue.FromJson(p.Value);
            }

            return line;
        }

        public override ValueTask DisposeAsync()
        {
            _reader.Dispose();
            return ValueTask.CompletedTask;
        }

        private static JsonDocument ParseLine(string path, int line, string text)
        {
            try
            {
                var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    doc.Dispose();
                    throw new LeanMLInputException("each line must be a JSON object.", path, line: line);
                }

                return doc;
            }
            catch (JsonException ex)
            {
                throw new LeanMLInputException($"not valid JSON: {ex.Message}", path, line: line, inner: ex);
            }
        }
    }

    /// <summary>A CSV/TSV file, XLSX sheet or JSON array read by the ingestion record source of its format (one reader per format); cells are text.</summary>
    private sealed class IngestedFileScoreSource : ScoreSource
    {
        private readonly string _path;
        private readonly RecordSource _source;
        private readonly string[] _columns;

        private IngestedFileScoreSource(string path, RecordSource source, IEnumerable<string> columns)
        {
            _path = path;
            _source = source;
            _columns = [.. columns];
        }

        public override string Name => _path;

        public override bool IsFile => true;

        public override string[] Columns => _columns;

        public static IngestedFileScoreSource OpenCsv(string path, char delimiter)
        {
            var source = new CsvRecordSource(path, delimiter);
            if (source.Columns.Count == 0)
            {
                source.Dispose();
                throw new LeanMLInputException("the file is empty: it needs a header line of column names.", path);
            }

            return new IngestedFileScoreSource(path, source, source.Columns);
        }

        public static IngestedFileScoreSource OpenXlsx(string path)
        {
            var source = new XlsxRecordSource(path, sheet: null);
            if (source.Columns.Count == 0)
            {
                source.Dispose();
                throw new LeanMLInputException("the sheet is empty: it needs a header row of column names.", path);
            }

            return new IngestedFileScoreSource(path, source, source.Columns);
        }

        public static IngestedFileScoreSource OpenParquet(string path)
        {
            var source = new ParquetRecordSource(path);
            return new IngestedFileScoreSource(path, source, source.Columns);
        }

        public static IngestedFileScoreSource OpenJsonArray(string path)
        {
            // Pass 1 finds every key (the columns), as ingestion does; pass 2 reads with them fixed.
            List<string> columns;
            using (var scan = new JsonRecordSource(path, lines: false))
            {
                while (scan.Read())
                {
                    if (scan.Error is { } error)
                    {
                        throw new LeanMLInputException($"the record is unreadable: {error}.", path, line: (int)scan.Line);
                    }
                }

                columns = [.. scan.Columns];
            }

            if (columns.Count == 0)
            {
                throw new LeanMLInputException("the JSON array has no objects with fields.", path);
            }

            return new IngestedFileScoreSource(path, new JsonRecordSource(path, lines: false, columns), columns);
        }

        public override ValueTask<int?> ReadAsync(FieldValue[] values, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_source.Read())
            {
                return ValueTask.FromResult<int?>(null);
            }

            if (_source.Error is { } error)
            {
                throw new LeanMLInputException($"the record is unreadable: {error}.", _path, line: (int)_source.Line);
            }

            Array.Fill(values, FieldValue.Null);
            var cells = _source.Values;
            var count = Math.Min(values.Length, cells.Count);
            for (var i = 0; i < count; i++)
            {
                if (cells[i] is { } text)
                {
                    values[i] = new FieldValue(FieldValueKind.Text, Text: text);
                }
            }

            return ValueTask.FromResult<int?>((int)_source.Line);
        }

        public override ValueTask DisposeAsync()
        {
            _source.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class TableScoreSource : ScoreSource
    {
        private readonly Database _connection;
        private readonly DbCommand _command;
        private readonly DbDataReader _reader;
        private readonly string _table;
        private int _row;

        private TableScoreSource(string table, Database connection, DbCommand command, DbDataReader reader)
        {
            _table = table;
            _connection = connection;
            _command = command;
            _reader = reader;
            Columns = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
        }

        public override string Name => _table;

        public override bool IsFile => false;

        public override string[] Columns { get; }

        public static async Task<TableScoreSource> OpenAsync(Database warehouse, string table, CancellationToken cancellationToken)
        {
            // Its own connection: PostgreSQL allows one open reader per connection, and the output writes on the main one.
            var connection = await warehouse.OpenSiblingAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.Command($"SELECT * FROM {warehouse.Engine.Quote(table)}");
            try
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return new TableScoreSource(table, connection, command, reader);
            }
            catch (DbException ex)
            {
                await command.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new LeanMLInputException($"'{table}' is neither a file nor a readable warehouse table: {ex.Message}. List tables with 'leanml tables'.", field: "--input", inner: ex);
            }
        }

        public override async ValueTask<int?> ReadAsync(FieldValue[] values, CancellationToken cancellationToken)
        {
            if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            for (var i = 0; i < values.Length; i++)
            {
                values[i] = FieldValue.FromObject(_reader.IsDBNull(i) ? null : _reader.GetValue(i));
            }

            return ++_row;
        }

        public override async ValueTask DisposeAsync()
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
            await _command.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Rows out, made visible only by <see cref="CommitAsync"/>; disposing without commit leaves nothing.</summary>
    private abstract class ScoreSink : IAsyncDisposable
    {
        public abstract ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken);

        public abstract Task CommitAsync(CancellationToken cancellationToken);

        public abstract ValueTask DisposeAsync();
    }

    private sealed class FileScoreSink : ScoreSink
    {
        private readonly string _path;
        private readonly string _temp;
        private readonly StreamWriter _writer;
        private readonly bool _jsonl;
        private readonly IReadOnlyList<(string Name, bool IsNumber)> _columns;
        private bool _committed;

        public FileScoreSink(string path, IReadOnlyList<(string Name, bool IsNumber)> columns)
        {
            _path = path;
            _columns = columns;
            _jsonl = Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";
            var dir = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(dir);
            var tempPrefix = $".{Path.GetFileName(path)}.tmp-";
            RemoveOrphans(dir, tempPrefix);
            _temp = Path.Combine(dir, tempPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            _writer = new StreamWriter(_temp, false, new UTF8Encoding(false), 1 << 16);
            if (!_jsonl)
            {
                _writer.Write(string.Join(",", columns.Select(c => CsvText.Quote(c.Name))));
                _writer.Write('\n');
            }
        }

        public override async ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = new StringBuilder();
            if (_jsonl)
            {
                line.Append('{');
                for (var i = 0; i < cells.Length; i++)
                {
                    line.Append(i == 0 ? "" : ",").Append(JsonSerializer.Serialize(_columns[i].Name, LeanMLJsonContext.Default.String)).Append(':')
                        .Append(cells[i] is double d ? Number(d) : JsonSerializer.Serialize(cells[i] as string, LeanMLJsonContext.Default.String));
                }

                line.Append('}');
            }
            else
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    line.Append(i == 0 ? "" : ",").Append(cells[i] is double d ? Number(d) : CsvText.Quote(cells[i] as string ?? ""));
                }
            }

            line.Append('\n');
            await _writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Deletes the half-written files of earlier scores of the same output that were killed (their process is gone);
        /// a file of a score still running is left alone.
        /// </summary>
        private static void RemoveOrphans(string dir, string tempPrefix)
        {
            foreach (var file in Directory.EnumerateFiles(dir, ".*.tmp-*"))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith(tempPrefix, StringComparison.Ordinal)
                    && int.TryParse(name.AsSpan(tempPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && !IsRunning(pid))
                {
                    File.Delete(file);
                }
            }
        }

        private static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;   // no such process
            }
        }

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);   // the bytes are on disk before the name points at them
            await _writer.DisposeAsync().ConfigureAwait(false);
            File.Move(_temp, _path, overwrite: true);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            if (!_committed && File.Exists(_temp))
            {
                File.Delete(_temp);
            }
        }

        // The float32 prediction printed as the shortest text that reads back to the same float.
        private static string Number(double d) => ((float)d).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Scores as a Parquet file: numbers as DOUBLE, the rest as text; the file appears only at commit.</summary>
    private sealed class ParquetScoreSink(string path, IReadOnlyList<(string Name, bool IsNumber)> columns) : ScoreSink
    {
        private readonly ParquetFileWriter _writer = ParquetFileWriter.Create(path, [.. columns.Select(c => (c.Name, c.IsNumber ? "DOUBLE" : "VARCHAR"))]);

        public override ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken) => _writer.WriteAsync(cells, cancellationToken);

        public override Task CommitAsync(CancellationToken cancellationToken) => _writer.CompleteAsync(cancellationToken);

        public override ValueTask DisposeAsync() => _writer.DisposeAsync();
    }

    private sealed class TableScoreSink : ScoreSink
    {
        private readonly DbTransaction _transaction;
        private readonly RowWriter _rows;
        private bool _committed;

        private TableScoreSink(DbTransaction transaction, RowWriter rows)
        {
            _transaction = transaction;
            _rows = rows;
        }

        public static async Task<TableScoreSink> CreateAsync(Database warehouse, string table, IReadOnlyList<(string Name, bool IsNumber)> columns, CancellationToken cancellationToken)
        {
            var d = warehouse.Engine;
            var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Replace the table inside the transaction: readers see the old rows until commit, then all the new ones.
                await using (var drop = warehouse.Command($"DROP TABLE IF EXISTS {d.Quote(table)}", tx))
                {
                    await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var create = warehouse.Command($"CREATE TABLE {d.Quote(table)} ({string.Join(", ", columns.Select(c => $"{d.Quote(c.Name)} {(c.IsNumber ? d.Real : d.Text)}"))})", tx))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return new TableScoreSink(tx, d.StartRowWriter(warehouse, tx, table, columns.Count));
            }
            catch
            {
                await tx.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public override ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken) => _rows.WriteAsync(cells, cancellationToken);

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await _rows.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            await _rows.DisposeAsync().ConfigureAwait(false);
            if (!_committed)
            {
                await _transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await _transaction.DisposeAsync().ConfigureAwait(false);
        }
    }
}
