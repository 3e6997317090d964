namespace LeanML.Examples;

/// <summary>The little state the exports share across customers: running ids and where the malformed lines go.</summary>
internal sealed class GeneratorState(ExampleCompanyOptions options)
{
    /// <summary>HubSpot's next Record ID.</summary>
    public long NextRecordId { get; set; } = 1201;

    /// <summary>The help desk's next ticket id.</summary>
    public long NextTicketId { get; set; } = 40001;

    /// <summary>
    /// True for the customer after whose rows malformed line number <paramref name="k"/> (1..6) is written:
    /// spread over the files, six in all, whatever the size.
    /// </summary>
    public bool MalformedAfter(ExampleCustomer customer, int k) => customer.Index == (int)((long)options.Customers * k / 8);
}
