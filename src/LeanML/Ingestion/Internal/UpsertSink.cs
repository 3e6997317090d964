using System.Data.Common;
using LeanML.Storage;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// Upsert by key with two prepared statements written once for both dialects: UPDATE … WHERE key = @k, and INSERT when
/// no row matched. Rows inserted by this same load that are hit again are duplicates (the last wins), not updates.
/// </summary>
internal sealed class UpsertSink : RowSink
{
    private readonly DbCommand _update;
    private readonly DbCommand _insert;
    private readonly int _keyIndex;
    private readonly object _loadId;
    private readonly object?[] _row;
    private readonly HashSet<object> _seen = [];
    private long _duplicates;

    public UpsertSink(Database warehouse, DbTransaction transaction, string table, IReadOnlyList<string> columns, int keyIndex, object loadId)
    {
        _keyIndex = keyIndex;
        _loadId = loadId;
        _row = new object?[columns.Count];
        var sets = string.Join(", ", columns.Select((c, i) => $"{SqlNames.Quote(c)} = @p{i}"));
        // Parameters are bound by their bare names (DbCommandExtensions.BareName), which every provider matches.
        _update = warehouse.Command($"UPDATE {SqlNames.Quote(table)} SET {sets} WHERE {SqlNames.Quote(columns[keyIndex])} = @key", transaction);
        _insert = warehouse.Command($"INSERT INTO {SqlNames.Quote(table)} ({string.Join(", ", columns.Select(SqlNames.Quote))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})", transaction);
        for (var i = 0; i < columns.Count; i++)
        {
            Add(_update, $"p{i}");
            Add(_insert, $"p{i}");
        }

        Add(_update, "key");
    }

    /// <inheritdoc/>
    public override long Duplicates => _duplicates;

    public override async ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        long updated = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            for (var c = 0; c < batch.Width; c++)
            {
                _row[c] = batch.Value(r, c);
            }

            _row[batch.Width] = _loadId;
            _row[batch.Width + 1] = batch.Line(r);
            if (await WriteRowAsync(_row, cancellationToken).ConfigureAwait(false))
            {
                updated++;
            }
        }

        return updated;
    }

    public override async ValueTask DisposeAsync()
    {
        await _update.DisposeAsync().ConfigureAwait(false);
        await _insert.DisposeAsync().ConfigureAwait(false);
    }

    private static void Add(DbCommand command, string name)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        command.Parameters.Add(p);
    }

    // One row: true when it updated a row that existed before this load.
    private async ValueTask<bool> WriteRowAsync(object?[] row, CancellationToken cancellationToken)
    {
        for (var i = 0; i < row.Length; i++)
        {
            _update.Parameters[i].Value = row[i] ?? DBNull.Value;
        }

        var key = row[_keyIndex]!;
        _update.Parameters[row.Length].Value = key;
        var duplicate = !_seen.Add(key);
        if (duplicate)
        {
            _duplicates++;
        }

        var updated = await _update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (updated > 0)
        {
            return !duplicate;
        }

        for (var i = 0; i < row.Length; i++)
        {
            _insert.Parameters[i].Value = row[i] ?? DBNull.Value;
        }

        await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }
}
