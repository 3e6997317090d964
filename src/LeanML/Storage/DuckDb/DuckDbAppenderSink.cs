using System.Data.Common;
using DuckDB.NET.Data;
using LeanML.Ingestion.Internal;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// The DuckDB bulk path: its appender, inside the load's transaction, writing each cell straight into DuckDB's column
/// vectors (text as the batch's UTF-8 bytes, without a string). The appender fills every column of the table in its
/// own order, so the sink maps the load's columns onto it; columns the file lacks get NULL.
/// </summary>
internal sealed class DuckDbAppenderSink : RowSink
{
    private readonly DuckDBAppender _appender;
    private readonly int[] _order;
    private readonly byte[] _loadId;
    private bool _closed;

    /// <param name="connection">The load's connection (its transaction is open).</param>
    /// <param name="schema">The table's schema (null: the default).</param>
    /// <param name="table">The table.</param>
    /// <param name="order">For each column of the table: the index of the load's column (the batch's width is the load id, width + 1 the line), or -1.</param>
    /// <param name="loadId">The load id every row carries.</param>
    public DuckDbAppenderSink(DuckDBConnection connection, string? schema, string table, int[] order, string loadId)
    {
        _appender = connection.CreateAppender(schema, table);
        _order = order;
        _loadId = System.Text.Encoding.UTF8.GetBytes(loadId);
    }

    /// <summary>Maps the load's columns (the file's, then _load_id and _source_line) onto the table's columns in their order.</summary>
    public static async Task<int[]> ColumnOrderAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var names = columns.ToList();
        await using var cmd = database.Command($"SELECT * FROM {SqlNames.Quote(table)} LIMIT 0", transaction);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var order = new int[reader.FieldCount];
        for (var i = 0; i < order.Length; i++)
        {
            var name = reader.GetName(i);
            order[i] = names.IndexOf(name);
        }

        return order;
    }

    public override ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        var width = batch.Width;
        for (var r = 0; r < batch.Count; r++)
        {
            var row = _appender.CreateRow();
            foreach (var c in _order)
            {
                if (c < 0)
                {
                    row.AppendNullValue();
                }
                else if (c == width)
                {
                    row.AppendValue(_loadId.AsSpan());
                }
                else if (c == width + 1)
                {
                    row.AppendValue((long?)batch.Line(r));
                }
                else
                {
                    switch (batch.Kind(r, c))
                    {
                        case CellKind.Integer:
                            row.AppendValue((long?)batch.Integer(r, c));
                            break;
                        case CellKind.Real:
                            row.AppendValue((double?)batch.Real(r, c));
                            break;
                        case CellKind.Text:
                            row.AppendValue(batch.Utf8Span(r, c));
                            break;
                        case CellKind.Date:
                            row.AppendValue((DateOnly?)batch.Date(r, c));
                            break;
                        case CellKind.Timestamp:
                            row.AppendValue((DateTime?)batch.Timestamp(r, c));
                            break;
                        default:
                            row.AppendNullValue();
                            break;
                    }
                }
            }

            row.EndRow();
        }

        return ValueTask.FromResult(0L);
    }

    public override ValueTask<long> CompleteAsync(CancellationToken cancellationToken)
    {
        // Closing flushes the last chunk into the transaction; the caller commits.
        _closed = true;
        _appender.Close();
        return ValueTask.FromResult(0L);
    }

    public override ValueTask DisposeAsync()
    {
        try
        {
            _appender.Dispose();
        }
        catch (DuckDBException) when (!_closed)
        {
            // The load failed before its end and its transaction rolls back: the last chunk's flush has nothing to keep.
        }

        return ValueTask.CompletedTask;
    }
}
