using System.Data.Common;

namespace LeanML.Storage.DuckDb;

/// <summary>Where each of a load's columns goes among a table's columns (DuckDB's appender fills every column, in table order).</summary>
internal static class DuckDbColumnOrder
{
    /// <summary>For each column of the table, the index of the load's column of that name (the file's, then _load_id and _source_line), or -1.</summary>
    public static async Task<int[]> OfAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var names = columns.ToList();
        await using var cmd = database.Command($"SELECT * FROM {SqlNames.Quote(table)} LIMIT 0", transaction);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var order = new int[reader.FieldCount];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = names.IndexOf(reader.GetName(i));
        }

        return order;
    }
}
