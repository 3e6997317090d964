namespace LeanML.Storage.Migrations;

/// <summary>
/// What the digest delivered, per channel (an e-mail address list or a webhook) and item: an item is sent to a channel
/// once, and one that failed to send has no row, so the next digest sends it again.
/// </summary>
internal sealed class M712_DigestDeliveries : Migration
{
    public override int Version => 712;

    public override StoreKind Store => StoreKind.State;

    public override string Name => "digest deliveries";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"""
            CREATE TABLE {d.Meta("digest_deliveries")} (
              channel TEXT NOT NULL,
              item_id TEXT NOT NULL,
              sent_at TEXT NOT NULL,
              PRIMARY KEY (channel, item_id))
            """;
    }
}
