using LeanML.Projects;
using LeanML.Storage;

namespace LeanML.Digest;

/// <summary>Which digest items each channel has received, in the state store: nothing is sent twice.</summary>
public sealed class DigestDeliveryStore(Database state) : MetadataStore(state)
{
    /// <summary>The ids among <paramref name="itemIds"/> already delivered to <paramref name="channel"/>.</summary>
    public async Task<HashSet<string>> DeliveredAsync(string channel, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (itemIds.Count == 0)
        {
            return set;
        }

        await using var cmd = Database.Command($"SELECT item_id FROM {Table("digest_deliveries")} WHERE channel = @c");
        cmd.Bind("@c", channel);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = r.GetString(0);
            if (itemIds.Contains(id))
            {
                set.Add(id);
            }
        }

        return set;
    }

    /// <summary>Records items as delivered to a channel (one transaction; an item already recorded stays as it was).</summary>
    public async Task RecordAsync(string channel, IEnumerable<string> itemIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        await using var tx = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Database.Command($"INSERT INTO {Table("digest_deliveries")} (channel, item_id, sent_at) VALUES (@c, @i, @at) ON CONFLICT (channel, item_id) DO NOTHING", tx);
        foreach (var id in itemIds)
        {
            cmd.Parameters.Clear();
            cmd.Bind("@c", channel);
            cmd.Bind("@i", id);
            cmd.Bind("@at", ProjectHistoryStore.Iso(at));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
