using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// A Parquet file read through an in-memory DuckDB (its parquet reader is built in), row by row. The column types come
/// from the file (<see cref="Types"/>), not from inference; cells are handed on as invariant text (ISO dates and
/// timestamps, round-trip numbers) that the type's converter reads back exactly. Nested values (lists, structs, maps)
/// arrive as DuckDB's text form. A row's "line" is its 1-based row number.
/// </summary>
internal sealed class ParquetRecordSource : RecordSource
{
    private readonly DuckDBConnection _connection;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly string?[] _values;
    private readonly long _rows;
    private readonly long _size;

    public ParquetRecordSource(string path)
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            _connection.Open();
            var (names, types) = Describe(_connection, path);
            Columns = names;
            Types = types.Select(ToColumnType).ToList();
            // Nested and unusual types are read as text; the rest as the values they are.
            var select = string.Join(", ", names.Select((n, i) => Types[i] == ColumnType.Text && !types[i].StartsWith("VARCHAR", StringComparison.Ordinal)
                ? $"CAST({Storage.SqlNames.Quote(n)} AS VARCHAR)"
                : Storage.SqlNames.Quote(n)));
            using (var count = _connection.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*) FROM read_parquet($p)";
                count.Parameters.Add(new DuckDBParameter("p", path));
                _rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            _command = _connection.CreateCommand();
            _command.CommandText = $"SELECT {select} FROM read_parquet($p)";
            _command.Parameters.Add(new DuckDBParameter("p", path));
            _reader = _command.ExecuteReader();
            _values = new string?[names.Count];
            _size = new FileInfo(path).Length;
        }
        catch (DuckDBException ex)
        {
            _connection.Dispose();
            throw new LeanMLInputException($"not a readable Parquet file: {ex.Message.Trim()}", path, inner: ex);
        }
    }

    /// <summary>The original column names.</summary>
    public override IReadOnlyList<string> Columns { get; }

    /// <summary>Each column's type, as the file declares it.</summary>
    public IReadOnlyList<ColumnType> Types { get; }

    public override IReadOnlyList<string?> Values => _values;

    public override long BytesRead => _rows == 0 ? _size : (long)(_size * (double)Line / _rows);

    public override bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }

        Line++;
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = _reader.IsDBNull(i) ? null : Text(_reader.GetValue(i));
        }

        return true;
    }

    public override string RawText() => string.Join(",", _values.Select(v => v ?? ""));

    /// <inheritdoc/>
    public override string? RawTextUnlessJoined() => null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _command.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>The column names and DuckDB types of a Parquet file.</summary>
    public static (List<string> Names, List<string> Types) Describe(DuckDBConnection connection, string path)
    {
        using var describe = connection.CreateCommand();
        describe.CommandText = "DESCRIBE SELECT * FROM read_parquet($p)";
        describe.Parameters.Add(new DuckDBParameter("p", path));
        using var r = describe.ExecuteReader();
        var names = new List<string>();
        var types = new List<string>();
        while (r.Read())
        {
            names.Add(r.GetString(0));
            types.Add(r.GetString(1));
        }

        return (names, types);
    }

    /// <summary>The logical type that stores a DuckDB type read from a file.</summary>
    public static ColumnType ToColumnType(string duckDbType) => duckDbType switch
    {
        "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" => ColumnType.Integer,
        "DOUBLE" or "FLOAT" or "HUGEINT" or "UBIGINT" => ColumnType.Real,
        _ when duckDbType.StartsWith("DECIMAL", StringComparison.Ordinal) => ColumnType.Real,
        "BOOLEAN" => ColumnType.Boolean,
        "DATE" => ColumnType.Date,
        _ when duckDbType.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ColumnType.Timestamp,
        _ => ColumnType.Text,
    };

    private static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // A TIMESTAMP without zone is taken as UTC, as LeanML stores them; one with a zone is converted to UTC.
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z",
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
