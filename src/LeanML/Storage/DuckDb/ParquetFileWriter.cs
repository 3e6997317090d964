using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// Writes rows to a Parquet file with their types, through an in-memory DuckDB (its Parquet writer is built in; the
/// warehouse's own connections stay read-only): rows go through the appender into a table, which is then copied to a
/// temporary file beside the target and renamed over it, so a crash or Ctrl-C never leaves a half-written file.
/// </summary>
public sealed class ParquetFileWriter : IAsyncDisposable
{
    private const string Table = "rows";
    private readonly DuckDBConnection _connection;
    private readonly DuckDbRowWriter _rows;
    private readonly string _path;
    private bool _done;

    private ParquetFileWriter(DuckDBConnection connection, string path)
    {
        _connection = connection;
        _path = path;
        _rows = new DuckDbRowWriter(connection, null, Table);
    }

    /// <summary>Starts a file of the given columns; types are DuckDB's (BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, VARCHAR, BLOB).</summary>
    public static ParquetFileWriter Create(string path, IReadOnlyList<(string Name, string Type)> columns)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE TABLE {Table} ({string.Join(", ", columns.Select(c => $"{SqlNames.Quote(c.Name)} {c.Type}"))})";
            create.ExecuteNonQuery();
            return new ParquetFileWriter(connection, Path.GetFullPath(path));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The DuckDB type that holds values of a .NET type read from a database.</summary>
    public static string TypeOf(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(uint) || type == typeof(ushort) ? "BIGINT"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(ulong) || type == typeof(System.Numerics.BigInteger) ? "DOUBLE"
        : type == typeof(bool) ? "BOOLEAN"
        : type == typeof(DateOnly) ? "DATE"
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) ? "TIMESTAMP"
        : "VARCHAR";

    /// <summary>A value read from a database, as the column of <see cref="TypeOf"/> takes it.</summary>
    public static object? ValueOf(object? value) => value switch
    {
        null or DBNull => null,
        long or double or bool or string or DateOnly or DateTime => value,
        int or short or sbyte or byte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or decimal or ulong => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        System.Numerics.BigInteger b => (double)b,
        DateTimeOffset o => DateTime.SpecifyKind(o.UtcDateTime, DateTimeKind.Unspecified),
        byte[] bytes => Convert.ToHexString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>Adds one row, its cells in column order.</summary>
    public ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken) => _rows.WriteAsync(cells, cancellationToken);

    /// <summary>Writes the file and puts it in place (replacing a file of that name).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _rows.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var temp = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        try
        {
            await using (var copy = _connection.CreateCommand())
            {
                copy.CommandText = $"COPY {Table} TO '{temp.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET)";
                await copy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, _path, overwrite: true);
            _done = true;
        }
        finally
        {
            if (!_done && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Releases the in-memory database; a file not completed is not written.</summary>
    public async ValueTask DisposeAsync()
    {
        await _rows.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Reads a query's columns and types as this writer takes them.</summary>
    public static IReadOnlyList<(string Name, string Type)> ColumnsOf(DbDataReader reader) =>
        [.. Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), TypeOf(reader.GetFieldType(i))))];
}
