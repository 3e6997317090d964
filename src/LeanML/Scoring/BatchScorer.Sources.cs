using System.Data.Common;
using System.Text;
using System.Text.Json;
using LeanML.Ingestion.Internal;
using LeanML.Storage;

namespace LeanML.Scoring;

/// <summary>Where scoring reads rows: JSON Lines, the ingest formats (one reader per format), a warehouse table.</summary>
public sealed partial class BatchScorer
{
    /// <summary>Rows in: a header of column names, then values one row at a time.</summary>
    private abstract class ScoreSource : IAsyncDisposable
    {
        public abstract string Name { get; }

        public abstract bool IsFile { get; }

        public abstract string[] Columns { get; }

        /// <summary>Fills values; returns the 1-based line (files) or row number, or null at the end.</summary>
        public abstract ValueTask<int?> ReadAsync(FieldValue[] values, CancellationToken cancellationToken);

        /// <summary>True when the source's own types say the column holds whole numbers (a table's BIGINT column).</summary>
        public virtual bool IsIntegerColumn(int index) => false;

        /// <summary>The current row's value of an integer column (see <see cref="IsIntegerColumn"/>), exactly; null when NULL.</summary>
        public virtual long? IntegerValue(int index) => throw new NotSupportedException("only a table source has integer columns");

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

        private TableScoreSource(string table, Database connection, DbTransaction? transaction, DbCommand command, DbDataReader reader)
        {
            _table = table;
            _connection = connection;
            _transaction = transaction;
            _command = command;
            _reader = reader;
            Columns = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
        }

        private readonly DbTransaction? _transaction;

        public override string Name => _table;

        public override bool IsFile => false;

        public override string[] Columns { get; }

        /// <summary>A table's rows, on a connection of its own (PostgreSQL allows one open reader per connection, and the output writes on the main one).</summary>
        public static async Task<TableScoreSource> OpenAsync(Database warehouse, string table, CancellationToken cancellationToken) =>
            await OpenAsync(await warehouse.OpenSiblingAsync(cancellationToken).ConfigureAwait(false), table, $"SELECT * FROM {warehouse.Engine.Quote(table)}", null, cancellationToken).ConfigureAwait(false);

        /// <summary>
        /// The rows of one user query (--input-sql, or the brief's dataset.sql) on <paramref name="connection"/>, which
        /// it then owns: read as a subquery (so it can only be a query, never a write with RETURNING), inside a
        /// transaction rolled back at the end.
        /// </summary>
        public static async Task<TableScoreSource> OpenQueryAsync(Database connection, string sql, CancellationToken cancellationToken)
        {
            DbTransaction transaction;
            try
            {
                transaction = await connection.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return await OpenAsync(connection, null, $"SELECT * FROM (\n{sql}\n) AS leanml_input", transaction, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<TableScoreSource> OpenAsync(Database connection, string? table, string sql, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            var command = connection.Connection.CreateCommand();
            command.CommandText = sql;   // the user's own SQL (or a quoted table name): sent as written
            command.Transaction = transaction;
            try
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return new TableScoreSource(table ?? "the query", connection, transaction, command, reader);
            }
            catch (DbException ex)
            {
                await command.DisposeAsync().ConfigureAwait(false);
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }

                await connection.DisposeAsync().ConfigureAwait(false);
                throw table is null
                    ? new LeanMLInputException($"the query to score failed: {ex.Message.Trim()}. Give one SELECT; try it with 'leanml sql'.", field: "--input-sql", inner: ex)
                    : new LeanMLInputException($"'{table}' is neither a file nor a readable warehouse table: {ex.Message}. List tables with 'leanml tables'.", field: "--input", inner: ex);
            }
        }

        public override bool IsIntegerColumn(int index)
        {
            var type = _reader.GetFieldType(index);
            return type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(uint) || type == typeof(ushort);
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

        /// <summary>The id as the table holds it, when its column holds whole numbers (exact beyond 2^53, unlike a double); null when NULL.</summary>
        public override long? IntegerValue(int index) => _reader.IsDBNull(index) ? null : Convert.ToInt64(_reader.GetValue(index), System.Globalization.CultureInfo.InvariantCulture);

        public override async ValueTask DisposeAsync()
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
            await _command.DisposeAsync().ConfigureAwait(false);
            if (_transaction is not null)
            {
                await _transaction.DisposeAsync().ConfigureAwait(false);   // rolled back: a query leaves nothing behind
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
