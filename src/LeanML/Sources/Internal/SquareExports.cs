using static LeanML.Sources.Internal.Fields;
using V = LeanML.Sources.Internal.SourceValues;

namespace LeanML.Sources.Internal;

/// <summary>
/// Square: the Transactions CSV (the 44-column 2018 era and the 55-column 2025–26 one, matched by name) and the
/// customers export. Money is written <c>$8.00</c> / <c>-$3.00</c>; times are a local Date and Time plus a zone label
/// (<c>Eastern Time (US &amp; Canada)</c>), turned into UTC through <see cref="SquareTimeZones"/>; a Refund row updates
/// its payment (same Payment ID, or Transaction ID in files without one).
/// </summary>
internal static class SquareExports
{
    public static VendorExport Transactions { get; } = new("square_transactions", "square", "Square transactions export", CanonicalSchema.Payments,
    [
        F("date", "Date"),
        F("time", "Time"),
        F("zone", "Time Zone"),
        F("gross", "Gross Sales"),
        F("total", "Total Collected"),
        F("partial_refunds", "Partial Refunds"),
        F("fees", "Fees"),
        F("net_total", "Net Total"),
        F("transaction", "Transaction ID"),
        F("payment", "Payment ID"),
        F("brand", "Card Brand"),
        F("event", "Event Type"),
        F("status", "Transaction Status"),
        F("customer", "Customer ID"),
        F("description", "Description"),
        F("currency", "Currency"),
    ], ["date", "time", "zone", "total", "transaction", "event"], MapTransaction);

    public static VendorExport Customers { get; } = new("square_customers", "square", "Square customers export", CanonicalSchema.Customers,
    [
        F("id", "Square Customer ID", "Customer ID", "Reference ID"),
        F("first", "First Name"),
        F("last", "Last Name"),
        F("email", "Email Address", "Email"),
        F("phone", "Phone Number", "Phone"),
        F("company", "Company Name"),
        F("country", "Country"),
        F("created", "Creation Date", "Created At", "First Visit"),
        F("source", "Creation Source"),
    ], ["id", "first", "last", "email", "created"], MapCustomer);

    private static CanonicalRow? MapTransaction(ExportRow r)
    {
        var id = r["payment"] ?? r["transaction"];
        if (id is null)
        {
            return null;
        }

        var iana = SquareTimeZones.ToIana(r["zone"]);
        DateTime? at = null;
        if (V.Date(r["date"]) is { } day)
        {
            var local = day.ToDateTime(TimeOnly.MinValue) + (V.TimeOfDay(r["time"]) ?? TimeSpan.Zero);
            at = iana is null ? null : SquareTimeZones.ToUtc(local, iana);
        }

        var total = V.Money(r["total"]);
        var row = new CanonicalRow(CanonicalSchema.Payments, r, id);
        if (string.Equals(r["event"], "Refund", StringComparison.OrdinalIgnoreCase))
        {
            row.RefundAmount = Math.Abs(total ?? 0);
        }

        var partial = V.Money(r["partial_refunds"]) is { } p ? Math.Abs(p) : 0;
        return row
            .Set("payment_id", id)
            .Set("payment_at", at)
            .Set("source_time_zone", iana ?? r["zone"])
            .Set("amount", total)
            .Set("currency", V.Currency(r["currency"]) ?? "USD")
            .Set("status", PaymentStatus.Of(r["status"], total, partial))
            .Set("vendor_status", r["status"] ?? r["event"])
            .Set("fee_amount", V.Money(r["fees"]) is { } fee ? Math.Abs(fee) : null)
            .Set("refund_amount", partial)
            .Set("customer_id", r["customer"])
            .Set("payment_method", r["brand"])
            .Set("description", r["description"]);
    }

    private static CanonicalRow? MapCustomer(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        var first = r["first"];
        var last = r["last"];
        return new CanonicalRow(CanonicalSchema.Customers, r, id)
            .Set("customer_id", id)
            .Set("email", r["email"])
            .Set("first_name", first)
            .Set("last_name", last)
            .Set("customer_name", string.Join(' ', new[] { first, last }.Where(x => x is not null)) is { Length: > 0 } n ? n : null)
            .Set("customer_company", r["company"])
            .Set("phone", r["phone"])
            .Set("customer_country", r["country"])
            .Set("lifecycle_stage", r["source"])
            .Set("created_at", V.UtcTime(r["created"]));
    }
}
