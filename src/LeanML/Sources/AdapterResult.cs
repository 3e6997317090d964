namespace LeanML.Sources;

/// <summary>What a vendor adapter did with one loaded file.</summary>
/// <param name="Adapter">The adapter's name (<c>stripe_payments</c>).</param>
/// <param name="Title">The export's name as messages give it ("Stripe payments export").</param>
/// <param name="Table">The canonical table it filled.</param>
/// <param name="Inserted">Canonical rows that were new (vendor and source id not there before).</param>
/// <param name="Updated">Canonical rows that replaced an earlier load's row of the same vendor and source id.</param>
/// <param name="Skipped">Raw rows that are no record of the table (no id, a deleted record) or repeat an id later in the file.</param>
/// <param name="RefundsApplied">Refund rows applied to payments (Square), in the file or loaded earlier.</param>
public sealed record AdapterResult(string Adapter, string Title, string Table, long Inserted, long Updated, long Skipped, long RefundsApplied)
{
    /// <summary>"Stripe payments export → payments".</summary>
    public string Summary => $"{Title} → {Table}";

    /// <summary>The rows were mapped by the warehouse engine in one statement rather than row by row in managed code.</summary>
    internal bool SetBased { get; init; }

    /// <summary>
    /// The earlier load whose identical bytes (another copy of the same export, e.g. a re-download named
    /// <c>… (1).csv</c>) already filled the canonical table: this load changed nothing there, so an older export
    /// copied again never undoes a later one's refunds and statuses. Null when the rows were mapped.
    /// </summary>
    public string? SameBytesAsLoad { get; init; }

    /// <summary>Refund rows whose payment is not loaded yet (Square): kept, and applied by the load that brings it.</summary>
    public long RefundsWaiting { get; init; }
}
