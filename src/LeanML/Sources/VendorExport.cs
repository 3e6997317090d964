using LeanML.Sources.Internal;

namespace LeanML.Sources;

/// <summary>
/// One kind of vendor export (Stripe's payments export, HubSpot's deals export…): the header names that recognise it
/// (never column positions), and how its rows map onto one canonical table.
/// </summary>
public sealed class VendorExport
{
    internal VendorExport(string id, string vendor, string title, CanonicalTable target, IReadOnlyList<ExportField> fields, IReadOnlyList<string> signature, Func<ExportRow, CanonicalRow?> map)
    {
        Id = id;
        Vendor = vendor;
        Title = title;
        Target = target;
        Fields = fields;
        Signature = signature;
        Map = map;
    }

    /// <summary>The adapter's name, as <c>adapter:</c> in sources/NAME.yaml takes it (<c>stripe_payments</c>).</summary>
    public string Id { get; }

    /// <summary>The vendor (<c>stripe</c>), written to <c>source_vendor</c>.</summary>
    public string Vendor { get; }

    /// <summary>How messages name it ("Stripe payments export").</summary>
    public string Title { get; }

    /// <summary>The canonical table it fills.</summary>
    public CanonicalTable Target { get; }

    /// <summary>Every field it reads.</summary>
    public IReadOnlyList<ExportField> Fields { get; }

    /// <summary>The keys of the fields a header must have to be this export.</summary>
    public IReadOnlyList<string> Signature { get; }

    /// <summary>Maps one row (null: the row is not a record of the target, e.g. a blank id).</summary>
    internal Func<ExportRow, CanonicalRow?> Map { get; }

    /// <summary>
    /// The same mapping as SQL expressions over the raw table, by canonical column (<c>source_id</c> included; the
    /// rows where it is NULL are skipped), or null for an export mapped in managed code only. Set-based in the
    /// warehouse engine, it spares reading the load back row by row (see <see cref="ExportSql"/>).
    /// </summary>
    internal Func<ExportSql, IReadOnlyDictionary<string, string>>? SqlMap { get; init; }

    /// <summary>The field of a key.</summary>
    public ExportField Field(string key) => Fields.First(f => f.Key == key);
}
