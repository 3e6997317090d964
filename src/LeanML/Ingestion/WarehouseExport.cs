using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LeanML.Storage;
using LeanML.Storage.DuckDb;

namespace LeanML.Ingestion;

/// <summary>
/// <c>leanml export</c>: a table or a query's rows, read through a read-only warehouse, written to a Parquet file (with
/// their types, for pandas or any Parquet reader) or a CSV file (dates and timestamps in ISO 8601). The file appears
/// whole or not at all; an existing file is replaced only when asked.
/// </summary>
public static class WarehouseExport
{
    /// <summary>Exports <paramref name="table"/> or the result of <paramref name="sql"/> to <paramref name="output"/> (.parquet or .csv).</summary>
    public static async Task<ExportResult> ExportAsync(Database warehouse, string? table, string? sql, string output, bool replace, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (!warehouse.ReadOnly)
        {
            throw new InvalidOperationException("ExportAsync runs a user's SQL: open the warehouse read-only for it.");
        }

        if ((table is null) == (sql is null))
        {
            throw new LeanMLInputException("give a TABLE or --sql \"SELECT ...\" (one of them).", field: "TABLE");
        }

        var format = Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".parquet" or ".pq" => "parquet",
            ".csv" => "csv",
            _ => throw new LeanMLInputException("the output must end in .parquet or .csv.", output, field: "--output"),
        };
        output = Path.GetFullPath(output);
        if (File.Exists(output) && !replace)
        {
            throw new LeanMLInputException("the file exists; nothing was written. Pass --replace to replace it, or choose another name.", output, field: "--output");
        }

        LeanML.Internal.OutputFolder.Require(output);

        if (table is not null)
        {
            await WarehouseCatalog.RequireRelationAsync(warehouse, table, cancellationToken).ConfigureAwait(false);

            sql = $"SELECT * FROM {SqlNames.Quote(table)}";
        }
        else
        {
            sql = SqlStatements.RequireOne(sql!, "--sql");
        }

        await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var cmd = warehouse.Connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.Transaction = tx;
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var columns = ParquetFileWriter.ColumnsOf(reader);
            var rows = format == "parquet"
                ? await WriteParquetAsync(reader, columns, output, cancellationToken).ConfigureAwait(false)
                : await WriteCsvAsync(reader, warehouse.Engine, output, cancellationToken).ConfigureAwait(false);
            return new ExportResult(output, format, rows, [.. columns.Select(c => new ExportColumn(c.Name, c.Type))], clock.Elapsed.TotalSeconds);
        }
        catch (DbException ex)
        {
            throw new LeanMLInputException($"the query failed: {ex.Message.Trim()}", field: table is null ? "--sql" : "TABLE", inner: ex);
        }
        finally
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<long> WriteParquetAsync(DbDataReader reader, IReadOnlyList<(string Name, string Type)> columns, string output, CancellationToken cancellationToken)
    {
        await using var writer = ParquetFileWriter.Create(output, columns);
        var cells = new object?[columns.Count];
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = ParquetFileWriter.ValueOf(reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            await writer.WriteAsync(cells, cancellationToken).ConfigureAwait(false);
            rows++;
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static async Task<long> WriteCsvAsync(DbDataReader reader, StorageEngine engine, string output, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        long rows = 0;
        try
        {
            await using (var w = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                await w.WriteAsync(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Quote(reader.GetName(i))))).ConfigureAwait(false);
                await w.WriteAsync('\n').ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (i > 0)
                        {
                            await w.WriteAsync(',').ConfigureAwait(false);
                        }

                        await w.WriteAsync(Quote(Text(reader.IsDBNull(i) ? null : WarehouseCatalog.Plain(engine.ReadValue(reader, i))))).ConfigureAwait(false);
                    }

                    await w.WriteAsync('\n').ConfigureAwait(false);
                    rows++;
                }

                await w.FlushAsync(cancellationToken).ConfigureAwait(false);
                ((FileStream)w.BaseStream).Flush(flushToDisk: true);
            }

            File.Move(temp, output, overwrite: true);
            return rows;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
