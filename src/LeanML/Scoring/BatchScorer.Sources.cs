using System.Data.Common;
using System.Text;
using LeanML.Features;
using LeanML.Ingestion;
using LeanML.Ingestion.Internal;
using LeanML.Storage;

namespace LeanML.Scoring;

/// <summary>Where scoring reads rows: a file read as ingest reads it, or a warehouse table.</summary>
public sealed partial class BatchScorer
{
    /// <summary>Rows in: a header of column names, then values one row at a time.</summary>
    internal abstract class ScoreSource : IAsyncDisposable
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

    /// <summary>How <c>score --input FILE</c> reads the file: the reader flags of <c>leanml ingest</c>.</summary>
    public ReaderOptions Reader { get; init; } = ReaderOptions.Default;

    /// <summary>
    /// A file of any ingest format read exactly as <c>leanml ingest</c> reads it (the one <see cref="FileReader"/>):
    /// the same header names, nested JSON flattened, missing-value tokens, booleans, money, decimal commas, and each
    /// column's type and date order decided from all its values in a first pass. A category feature's column is read
    /// as the text it holds, as training saw it.
    /// </summary>
    private sealed class FileScoreSource : ScoreSource
    {
        private readonly FileInput _input;
        private readonly RecordSource _source;
        private readonly ValueConverter[] _converters;
        private readonly List<string> _originals;
        private readonly RowBatch _row;

        private FileScoreSource(FileInput input, RecordSource source, string[] columns, List<string> originals, ValueConverter[] converters)
        {
            _input = input;
            _source = source;
            Columns = columns;
            _originals = originals;
            _converters = converters;
            _row = new RowBatch(converters.Length, 1);
        }

        public override string Name => _input.Path;

        public override bool IsFile => true;

        public override string[] Columns { get; }

        public static FileScoreSource Open(string path, ReaderOptions options, FeatureSchema schema, CancellationToken cancellationToken)
        {
            var input = FileInput.Open(path, options);
            if (input.Format == IngestFormat.Parquet)
            {
                options = options with { Types = FileReader.ParquetTypes(path, options.Types) };
            }

            var (originals, inferred, _, _) = FileReader.Infer(input, long.MaxValue, int.MaxValue, "", null, cancellationToken);
            if (originals.Count == 0)
            {
                throw new LeanMLInputException("the file is empty: it needs a header line of column names.", path);
            }

            // A column is named as the model knows it: by its snake_case name as ingest gives it, else by its header.
            var names = FileReader.Names(originals);
            var features = schema.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
            var columns = originals.Select((o, i) => schema.ColumnName(o, names[i])).ToArray();
            var forced = FileReader.Forced(options, originals, names, path);
            var rules = new CellRules(options);
            var converters = new ValueConverter[originals.Count];
            for (var i = 0; i < converters.Length; i++)
            {
                var spec = features.GetValueOrDefault(columns[i]);
                var (type, format) = forced.TryGetValue(i, out var f) ? f
                    : spec?.Kind == FeatureKind.Category ? (ColumnType.Text, null)
                    : (inferred[i].Type, (string?)null);
                if (spec?.Kind is FeatureKind.Date or FeatureKind.Timestamp && type is not (ColumnType.Date or ColumnType.Timestamp) && inferred[i].Warning is { } warning)
                {
                    throw new LeanMLInputException($"{warning}.", path, field: columns[i]);
                }

                converters[i] = new ValueConverter(type, type == ColumnType.Money ? inferred[i].Unit : null, inferred[i].Order, rules, inferred[i].DecimalComma, format);
            }

            return new FileScoreSource(input, input.OpenSource(originals), columns, originals, converters);
        }

        public override ValueTask<int?> ReadAsync(FieldValue[] values, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_source.Read())
            {
                return ValueTask.FromResult<int?>(null);
            }

            var line = (int)Math.Min(_source.Line, int.MaxValue);
            if (_source.Error is { } error)
            {
                throw new LeanMLInputException($"the record is unreadable: {error}.", Name, line: line);
            }

            _row.Clear();
            var count = _source.FieldCount;
            for (var i = 0; i < values.Length; i++)
            {
                var absent = i >= count || _source.IsNull(i);
                var raw = absent ? default : _source.Field(i);
                if (!_converters[i].TryConvert(raw, absent, _row, i, out var reason))
                {
                    throw new LeanMLInputException($"column '{_originals[i]}' ({_converters[i].Type.Name()}): '{raw}' {reason}.", Name, line: line, field: Columns[i]);
                }

                values[i] = _row.Kind(0, i) switch
                {
                    CellKind.Integer => new FieldValue(FieldValueKind.Number, _row.Integer(0, i)),
                    CellKind.Real => new FieldValue(FieldValueKind.Number, _row.Real(0, i)),
                    CellKind.Text => new FieldValue(FieldValueKind.Text, Text: Encoding.UTF8.GetString(_row.Utf8(0, i))),
                    CellKind.Date => new FieldValue(FieldValueKind.Time, Time: _row.Date(0, i).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
                    CellKind.Timestamp => new FieldValue(FieldValueKind.Time, Time: DateTime.SpecifyKind(_row.Timestamp(0, i), DateTimeKind.Utc)),
                    _ => FieldValue.Null,
                };
            }

            return ValueTask.FromResult<int?>(line);
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
        private readonly ColumnRead[] _reads;
        private int _row;

        private TableScoreSource(string table, Database connection, DbTransaction? transaction, DbCommand command, DbDataReader reader)
        {
            _table = table;
            _connection = connection;
            _transaction = transaction;
            _command = command;
            _reader = reader;
            Columns = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
            _reads = [.. Enumerable.Range(0, reader.FieldCount).Select(i => ReadOf(reader.GetFieldType(i)))];
        }

        // How each column is read: through the driver's typed getter when its type is one FieldValue holds as it is
        // (no object per cell), else as an object.
        private enum ColumnRead
        {
            Object,
            Double,
            Single,
            Int64,
            Int32,
            Int16,
            Byte,
            Boolean,
            Text,
        }

        private static ColumnRead ReadOf(Type type) =>
            type == typeof(double) ? ColumnRead.Double
            : type == typeof(float) ? ColumnRead.Single
            : type == typeof(long) ? ColumnRead.Int64
            : type == typeof(int) ? ColumnRead.Int32
            : type == typeof(short) ? ColumnRead.Int16
            : type == typeof(byte) ? ColumnRead.Byte
            : type == typeof(bool) ? ColumnRead.Boolean
            : type == typeof(string) ? ColumnRead.Text
            : ColumnRead.Object;

        private readonly DbTransaction? _transaction;

        public override string Name => _table;

        public override bool IsFile => false;

        public override string[] Columns { get; }

        /// <summary>
        /// A table's rows, on a connection of its own (PostgreSQL allows one open reader per connection, and the output
        /// writes on the main one); <paramref name="stream"/>: handed over as the engine produces them (a long scan's
        /// memory stays that of a few chunks).
        /// </summary>
        public static async Task<TableScoreSource> OpenAsync(Database warehouse, string table, bool stream, CancellationToken cancellationToken) =>
            await OpenAsync(await warehouse.OpenSiblingAsync(cancellationToken).ConfigureAwait(false), table, $"SELECT * FROM {warehouse.Engine.Quote(table)}", null, stream, cancellationToken).ConfigureAwait(false);

        /// <summary>
        /// The rows of one user query (--input-sql, or the brief's dataset.sql) on <paramref name="connection"/>, which
        /// it then owns: read as a subquery (so it can only be a query, never a write with RETURNING), inside a
        /// transaction rolled back at the end; <paramref name="stream"/>: rows handed over as the engine produces them.
        /// </summary>
        public static async Task<TableScoreSource> OpenQueryAsync(Database connection, string sql, bool stream, CancellationToken cancellationToken)
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

            return await OpenAsync(connection, null, $"SELECT * FROM (\n{sql}\n) AS leanml_input", transaction, stream, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<TableScoreSource> OpenAsync(Database connection, string? table, string sql, DbTransaction? transaction, bool stream, CancellationToken cancellationToken)
        {
            var command = connection.Connection.CreateCommand();
            command.CommandText = sql;   // the user's own SQL (or a quoted table name): sent as written
            command.Transaction = transaction;
            if (stream)
            {
                connection.Engine.StreamResults(command);
            }

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
                // The same values FieldValue.FromObject makes of the boxed ones.
                values[i] = _reader.IsDBNull(i) ? FieldValue.Null : _reads[i] switch
                {
                    ColumnRead.Double => new FieldValue(FieldValueKind.Number, _reader.GetDouble(i)),
                    ColumnRead.Single => new FieldValue(FieldValueKind.Number, _reader.GetFloat(i)),
                    ColumnRead.Int64 => new FieldValue(FieldValueKind.Number, _reader.GetInt64(i)),
                    ColumnRead.Int32 => new FieldValue(FieldValueKind.Number, _reader.GetInt32(i)),
                    ColumnRead.Int16 => new FieldValue(FieldValueKind.Number, _reader.GetInt16(i)),
                    ColumnRead.Byte => new FieldValue(FieldValueKind.Number, _reader.GetByte(i)),
                    ColumnRead.Boolean => new FieldValue(FieldValueKind.Boolean, _reader.GetBoolean(i) ? 1 : 0),
                    ColumnRead.Text => new FieldValue(FieldValueKind.Text, Text: _reader.GetString(i)),
                    _ => FieldValue.FromObject(_reader.GetValue(i)),
                };
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
