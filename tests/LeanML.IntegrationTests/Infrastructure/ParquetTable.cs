using Parquet;
using Parquet.Schema;

namespace LeanML.IntegrationTests.Infrastructure;

/// <summary>A Parquet file read whole by Parquet.Net, an independent reader (LeanML writes Parquet through DuckDB).</summary>
public sealed record ParquetTable(IReadOnlyList<(string Name, string Kind)> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Reads every row group; kinds are string, long, double, bool, date or timestamp.</summary>
    public static async Task<ParquetTable> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var columns = fields.Select(f => (f.Name, Kind(f))).ToList();
        var rows = new List<object?[]>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var data = new object?[fields.Length][];
            for (var c = 0; c < fields.Length; c++)
            {
                data[c] = columns[c].Item2 switch
                {
                    "string" => await ReadAsync(group, fields[c], n),
                    "long" => await ReadAsync<long>(group, fields[c], n),
                    "double" => await ReadAsync<double>(group, fields[c], n),
                    "bool" => await ReadAsync<bool>(group, fields[c], n),
                    _ => await ReadAsync<DateTime>(group, fields[c], n),
                };
            }

            for (var r = 0; r < n; r++)
            {
                rows.Add([.. data.Select(column => column[r])]);
            }
        }

        return new ParquetTable(columns, rows);
    }

    /// <summary>The values of one column.</summary>
    public IEnumerable<object?> Column(string name)
    {
        var i = Columns.ToList().FindIndex(c => c.Name == name);
        return i < 0 ? throw new ArgumentException($"no column {name}; columns: {string.Join(", ", Columns.Select(c => c.Name))}") : Rows.Select(r => r[i]);
    }

    private static string Kind(DataField f) => f switch
    {
        DateTimeDataField { DateTimeFormat: DateTimeFormat.Date } => "date",
        DateTimeDataField => "timestamp",
        _ when f.ClrType == typeof(DateTime) => "timestamp",
        _ when f.ClrType == typeof(long) || f.ClrType == typeof(int) => "long",
        _ when f.ClrType == typeof(double) || f.ClrType == typeof(float) => "double",
        _ when f.ClrType == typeof(bool) => "bool",
        _ => "string",
    };

    private static async Task<object?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int n)
    {
        var values = new string?[n];
        await group.ReadAsync(field, values.AsMemory());
        return [.. values];
    }

    private static async Task<object?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int n)
        where T : struct
    {
        var values = new T?[n];
        await group.ReadAsync<T>(field, values.AsMemory());
        return [.. values.Select(v => v is null ? null : (object)v.Value)];
    }
}
