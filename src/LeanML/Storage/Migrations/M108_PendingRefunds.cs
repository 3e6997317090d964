namespace LeanML.Storage.Migrations;

/// <summary>
/// Refunds whose payment is not loaded yet (a Square export with July's refund of a June payment, loaded before
/// June's): kept until a later load brings the payment, then applied to it and removed.
/// </summary>
internal sealed class M108_PendingRefunds : Migration
{
    public override int Version => 108;

    public override StoreKind Store => StoreKind.Warehouse;

    public override string Name => "refunds waiting for their payment";

    public override IEnumerable<string> Statements(StorageEngine d)
    {
        yield return $"CREATE TABLE {d.Meta("pending_refunds")} (source_vendor {d.Text} NOT NULL, source_id {d.Text} NOT NULL, refund_amount {d.Real} NOT NULL, load_id {d.Text} NOT NULL)";
    }
}
