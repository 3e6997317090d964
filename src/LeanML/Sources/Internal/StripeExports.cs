using static LeanML.Sources.Internal.Fields;
using V = LeanML.Sources.Internal.SourceValues;

namespace LeanML.Sources.Internal;

/// <summary>
/// Stripe: the Dashboard payments export (classic <c>Created (UTC)</c> and the unified <c>Created date (UTC)</c>),
/// the customers and subscriptions exports (major units, UTC times), and API-shaped charges (JSON: amounts in the
/// smallest currency unit, <c>created</c> in Unix seconds).
/// </summary>
internal static class StripeExports
{
    public static VendorExport Payments { get; } = new("stripe_payments", "stripe", "Stripe payments export", CanonicalSchema.Payments,
    [
        F("id", "id", "Payment ID", "Charge ID"),
        F("created", "Created (UTC)", "Created date (UTC)", "Created"),
        F("amount", "Amount"),
        F("refunded", "Amount Refunded", "Refunded amount"),
        F("currency", "Currency"),
        F("status", "Status"),
        F("fee", "Fee"),
        F("captured", "Captured"),
        F("customer", "Customer ID"),
        F("email", "Customer Email", "email (metadata)"),
        F("description", "Description"),
        F("brand", "Card Brand"),
        F("invoice", "Invoice ID"),
    ], ["id", "created", "amount", "currency", "status"], MapPayment)
    {
        SqlMap = PaymentSql,
    };

    public static VendorExport Customers { get; } = new("stripe_customers", "stripe", "Stripe customers export", CanonicalSchema.Customers,
    [
        F("id", "id", "Customer ID"),
        F("email", "Email"),
        F("name", "Name"),
        F("description", "Description"),
        F("created", "Created (UTC)", "Created date (UTC)"),
        F("phone", "Phone"),
        F("country", "Card Address Country", "Address Country", "Country"),
        F("delinquent", "Delinquent"),
    ], ["id", "email", "created", "delinquent"], MapCustomer);

    public static VendorExport Subscriptions { get; } = new("stripe_subscriptions", "stripe", "Stripe subscriptions export", CanonicalSchema.Subscriptions,
    [
        F("id", "id", "Subscription ID"),
        F("customer", "Customer ID", "Customer"),
        F("email", "Customer Email"),
        F("plan", "Plan", "Product Name", "Price"),
        F("product", "Product"),
        F("quantity", "Quantity"),
        F("interval", "Interval"),
        F("amount", "Amount"),
        F("currency", "Currency"),
        F("status", "Status"),
        F("created", "Created (UTC)", "Created date (UTC)"),
        F("start", "Start Date (UTC)", "Start (UTC)", "Start date (UTC)"),
        F("period_start", "Current Period Start (UTC)"),
        F("period_end", "Current Period End (UTC)"),
        F("canceled", "Canceled At (UTC)"),
        F("ended", "Ended At (UTC)"),
        F("cancel_at_end", "Cancel At Period End"),
    ], ["id", "customer", "status", "period_start", "period_end"], MapSubscription);

    public static VendorExport ApiCharges { get; } = new("stripe_api_charges", "stripe", "Stripe API charges", CanonicalSchema.Payments,
    [
        F("id", "id"),
        F("object", "object"),
        F("created", "created"),
        F("amount", "amount"),
        F("refunded", "amount_refunded"),
        F("currency", "currency"),
        F("status", "status"),
        F("captured", "captured"),
        F("customer", "customer"),
        F("email", "billing_details.email", "receipt_email"),
        F("description", "description"),
        F("brand", "payment_method_details.card.brand"),
        F("invoice", "invoice"),
        F("fee", "balance_transaction.fee"),
    ], ["id", "created", "amount", "refunded", "currency", "status"], MapApiCharge);

    private static CanonicalRow? MapPayment(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        var amount = V.Money(r["amount"]);
        var refunded = PaymentStatus.Refunded(V.Money(r["refunded"]), r["status"], amount);
        return new CanonicalRow(CanonicalSchema.Payments, r, id)
            .Set("payment_id", id)
            .Set("payment_at", V.UtcTime(r["created"]))
            .Set("source_time_zone", "UTC")
            .Set("amount", amount)
            .Set("currency", V.Currency(r["currency"]))
            .Set("status", PaymentStatus.Of(r["status"], amount, refunded, V.Bool(r["captured"])))
            .Set("vendor_status", r["status"])
            .Set("fee_amount", V.Money(r["fee"]) is { } fee ? Math.Abs(fee) : null)
            .Set("refund_amount", refunded)
            .Set("customer_id", r["customer"])
            .Set("customer_email", r["email"])
            .Set("payment_method", r["brand"])
            .Set("description", r["description"])
            .Set("invoice_id", r["invoice"]);
    }

    // MapPayment in SQL: the same values, computed by the warehouse engine over the whole load at once.
    private static Dictionary<string, string> PaymentSql(ExportSql x)
    {
        var amount = x.Money("amount");
        var refunded = PaymentStatus.RefundedSql(x.Money("refunded"), x.Text("status"), amount);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source_id"] = x.Text("id"),
            ["payment_id"] = x.Text("id"),
            ["payment_at"] = x.UtcTime("created"),
            ["source_time_zone"] = "'UTC'",
            ["amount"] = amount,
            ["currency"] = x.Currency("currency"),
            ["status"] = PaymentStatus.Sql(x.Text("status"), amount, refunded, x.Bool("captured")),
            ["vendor_status"] = x.Text("status"),
            ["fee_amount"] = $"ABS({x.Money("fee")})",
            ["refund_amount"] = refunded,
            ["customer_id"] = x.Text("customer"),
            ["customer_email"] = x.Text("email"),
            ["payment_method"] = x.Text("brand"),
            ["description"] = x.Text("description"),
            ["invoice_id"] = x.Text("invoice"),
        };
    }

    private static CanonicalRow? MapApiCharge(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        var currency = V.Currency(r["currency"]);
        var amount = V.MinorToMajor(r["amount"], currency);
        var refunded = PaymentStatus.Refunded(V.MinorToMajor(r["refunded"], currency), r["status"], amount);
        return new CanonicalRow(CanonicalSchema.Payments, r, id)
            .Set("payment_id", id)
            .Set("payment_at", V.UtcTime(r["created"]))
            .Set("source_time_zone", "UTC")
            .Set("amount", amount)
            .Set("currency", currency)
            .Set("status", PaymentStatus.Of(r["status"], amount, refunded, V.Bool(r["captured"])))
            .Set("vendor_status", r["status"])
            .Set("fee_amount", V.MinorToMajor(r["fee"], currency))
            .Set("refund_amount", refunded)
            .Set("customer_id", r["customer"])
            .Set("customer_email", r["email"])
            .Set("payment_method", r["brand"])
            .Set("description", r["description"])
            .Set("invoice_id", r["invoice"]);
    }

    private static CanonicalRow? MapCustomer(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        var name = r["name"];
        var (first, last) = SplitName(name);
        return new CanonicalRow(CanonicalSchema.Customers, r, id)
            .Set("customer_id", id)
            .Set("email", r["email"])
            .Set("first_name", first)
            .Set("last_name", last)
            .Set("customer_name", name)
            .Set("customer_company", r["description"])
            .Set("phone", r["phone"])
            .Set("customer_country", r["country"])
            .Set("created_at", V.UtcTime(r["created"]));
    }

    private static CanonicalRow? MapSubscription(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        return new CanonicalRow(CanonicalSchema.Subscriptions, r, id)
            .Set("subscription_id", id)
            .Set("customer_id", r["customer"])
            .Set("customer_email", r["email"])
            .Set("product_name", r["plan"] ?? r["product"])
            .Set("subscription_status", r["status"]?.ToLowerInvariant().Replace(' ', '_'))
            .Set("quantity", V.Integer(r["quantity"]))
            .Set("unit_amount", V.Money(r["amount"]))
            .Set("currency", V.Currency(r["currency"]))
            .Set("billing_interval", r["interval"]?.ToLowerInvariant())
            .Set("created_at", V.UtcTime(r["created"]))
            .Set("started_at", V.UtcTime(r["start"]) ?? V.UtcTime(r["created"]))
            .Set("subscription_period_started_at", V.UtcTime(r["period_start"]))
            .Set("subscription_period_ended_at", V.UtcTime(r["period_end"]))
            .Set("canceled_at", V.UtcTime(r["canceled"]))
            .Set("ended_at", V.UtcTime(r["ended"]))
            .Set("cancel_at_period_end", V.Bool(r["cancel_at_end"]));
    }

    /// <summary>"Ana María López" → ("Ana María", "López"): the last word is the family name.</summary>
    public static (string? First, string? Last) SplitName(string? name)
    {
        if (name is null)
        {
            return (null, null);
        }

        var cut = name.Trim().LastIndexOf(' ');
        return cut < 0 ? (name.Trim(), null) : (name[..cut].Trim(), name[(cut + 1)..].Trim());
    }
}
