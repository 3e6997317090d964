using LeanML.Ingestion;

namespace LeanML.Sources;

/// <summary>
/// The canonical tables vendor adapters fill: the same whatever the vendor, so the next company's SQL works
/// unchanged. Column names follow Fivetran's dbt packages where they have one (<c>payment_at</c>, <c>fee_amount</c>,
/// <c>refund_amount</c>, <c>deal_pipeline_stage_id</c>, <c>closed_date</c>, <c>is_won</c>…). Every row carries its lineage:
/// <c>source_vendor</c>, <c>source_id</c> (the vendor's id: one row per pair), <c>source_file</c>, <c>source_line</c>.
/// </summary>
public static class CanonicalSchema
{
    /// <summary>The lineage columns every canonical row ends with.</summary>
    public static IReadOnlyList<CanonicalColumn> Lineage { get; } =
    [
        new("source_vendor", ColumnType.Text, "stripe | square | hubspot | salesforce"),
        new("source_id", ColumnType.Text, "the vendor's id of the record (Salesforce ids in their 18-character form); unique with source_vendor"),
        new("source_file", ColumnType.Text, "the file the row came from (the last one that carried it)"),
        new("source_line", ColumnType.Integer, "the line of that file"),
    ];

    /// <summary>People: customers of the billing vendors and contacts of the CRMs, each with a person_key.</summary>
    public static CanonicalTable Customers { get; } = Table("customers",
        ("customer_id", ColumnType.Text, "the vendor's customer or contact id"),
        ("email", ColumnType.Text, "the e-mail as exported"),
        ("first_name", ColumnType.Text, "given name"),
        ("last_name", ColumnType.Text, "family name"),
        ("customer_name", ColumnType.Text, "full name (or the billing vendor's description)"),
        ("customer_company", ColumnType.Text, "company name as the record writes it"),
        ("company_id", ColumnType.Text, "the vendor's company/account id, when the record links one"),
        ("phone", ColumnType.Text, "phone number"),
        ("customer_country", ColumnType.Text, "country"),
        ("job_title", ColumnType.Text, "job title"),
        ("lifecycle_stage", ColumnType.Text, "the CRM's lifecycle stage or lead source, as exported"),
        ("created_at", ColumnType.Timestamp, "when the vendor created the record (UTC)"),
        ("person_key", ColumnType.Text, "one key per person across vendors: from the normalised e-mail (see identity_links)"),
        ("identity_rule", ColumnType.Text, "how person_key was made: email | gmail_folding | role_address | no_email"));

    /// <summary>Companies (CRM companies and accounts).</summary>
    public static CanonicalTable Companies { get; } = Table("companies",
        ("company_id", ColumnType.Text, "the vendor's company or account id"),
        ("company_name", ColumnType.Text, "name"),
        ("company_domain", ColumnType.Text, "web domain"),
        ("industry", ColumnType.Text, "industry"),
        ("city", ColumnType.Text, "city"),
        ("state", ColumnType.Text, "state or region"),
        ("country", ColumnType.Text, "country"),
        ("company_annual_revenue", ColumnType.Real, "annual revenue"),
        ("number_of_employees", ColumnType.Integer, "employees"),
        ("created_date", ColumnType.Timestamp, "when the vendor created the record (UTC)"));

    /// <summary>Payments (charges), in major units.</summary>
    public static CanonicalTable Payments { get; } = Table("payments",
        ("payment_id", ColumnType.Text, "the vendor's payment (charge) id"),
        ("payment_at", ColumnType.Timestamp, "when it was made, UTC"),
        ("source_time_zone", ColumnType.Text, "the zone the export wrote the time in (IANA id; UTC for Stripe)"),
        ("amount", ColumnType.Real, "amount charged, major units (JPY 1000 is 1000, USD 8.00 is 8.0)"),
        ("currency", ColumnType.Text, "ISO 4217 code, upper case"),
        ("status", ColumnType.Text, "succeeded | failed | refunded | partially_refunded (NULL while the vendor says pending)"),
        ("vendor_status", ColumnType.Text, "the status as the vendor wrote it"),
        ("fee_amount", ColumnType.Real, "the processor's fee, major units, positive"),
        ("refund_amount", ColumnType.Real, "amount refunded so far, major units, positive"),
        ("customer_id", ColumnType.Text, "the vendor's customer id"),
        ("customer_email", ColumnType.Text, "the e-mail on the payment"),
        ("payment_method", ColumnType.Text, "card brand or tender"),
        ("description", ColumnType.Text, "description"),
        ("invoice_id", ColumnType.Text, "the vendor's invoice id"));

    /// <summary>Subscriptions.</summary>
    public static CanonicalTable Subscriptions { get; } = Table("subscriptions",
        ("subscription_id", ColumnType.Text, "the vendor's subscription id"),
        ("customer_id", ColumnType.Text, "the vendor's customer id"),
        ("customer_email", ColumnType.Text, "the customer's e-mail"),
        ("product_name", ColumnType.Text, "plan or product"),
        ("subscription_status", ColumnType.Text, "active | trialing | past_due | canceled | unpaid | incomplete … (lower case)"),
        ("quantity", ColumnType.Integer, "seats or units"),
        ("unit_amount", ColumnType.Real, "price per interval, major units"),
        ("currency", ColumnType.Text, "ISO 4217 code, upper case"),
        ("billing_interval", ColumnType.Text, "day | week | month | year"),
        ("created_at", ColumnType.Timestamp, "created, UTC"),
        ("started_at", ColumnType.Timestamp, "started, UTC"),
        ("subscription_period_started_at", ColumnType.Timestamp, "current period start, UTC"),
        ("subscription_period_ended_at", ColumnType.Timestamp, "current period end, UTC"),
        ("canceled_at", ColumnType.Timestamp, "canceled, UTC"),
        ("ended_at", ColumnType.Timestamp, "ended, UTC"),
        ("cancel_at_period_end", ColumnType.Boolean, "cancels at the end of the period"));

    /// <summary>Deals (HubSpot deals, Salesforce opportunities).</summary>
    public static CanonicalTable Deals { get; } = Table("deals",
        ("deal_id", ColumnType.Text, "the vendor's deal or opportunity id"),
        ("deal_name", ColumnType.Text, "name"),
        ("stage", ColumnType.Text, "open | won | lost"),
        ("deal_pipeline_stage_id", ColumnType.Text, "the vendor's stage, as exported (label or internal name)"),
        ("deal_pipeline_id", ColumnType.Text, "pipeline"),
        ("amount", ColumnType.Real, "amount, major units"),
        ("closed_date", ColumnType.Timestamp, "close date"),
        ("created_date", ColumnType.Timestamp, "created, UTC"),
        ("is_closed", ColumnType.Boolean, "closed (won or lost)"),
        ("is_won", ColumnType.Boolean, "won"),
        ("owner_id", ColumnType.Text, "owner"),
        ("company_id", ColumnType.Text, "the first associated company or account"),
        ("contact_id", ColumnType.Text, "the first associated contact"),
        ("associated_company_ids", ColumnType.Text, "every associated company id, ';'-separated"),
        ("associated_contact_ids", ColumnType.Text, "every associated contact id, ';'-separated"));

    /// <summary>Stage changes of deals, where the export has them (Salesforce OpportunityHistory).</summary>
    public static CanonicalTable DealStageHistory { get; } = Table("deal_stage_history",
        ("deal_id", ColumnType.Text, "the deal"),
        ("stage", ColumnType.Text, "open | won | lost"),
        ("deal_pipeline_stage_id", ColumnType.Text, "the vendor's stage label"),
        ("amount", ColumnType.Real, "amount at that change"),
        ("closed_date", ColumnType.Timestamp, "close date at that change"),
        ("probability", ColumnType.Real, "probability (percent) at that change"),
        ("changed_at", ColumnType.Timestamp, "when the stage changed, UTC"));

    /// <summary>Every canonical table, in the order the README documents them.</summary>
    public static IReadOnlyList<CanonicalTable> All { get; } = [Customers, Companies, Payments, Subscriptions, Deals, DealStageHistory];

    /// <summary>The canonical table of a name, or null.</summary>
    public static CanonicalTable? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    private static CanonicalTable Table(string name, params (string Name, ColumnType Type, string Description)[] columns) =>
        new(name, [.. columns.Select(c => new CanonicalColumn(c.Name, c.Type, c.Description)), .. Lineage]);
}
