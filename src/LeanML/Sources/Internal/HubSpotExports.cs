using static LeanML.Sources.Internal.Fields;
using V = LeanML.Sources.Internal.SourceValues;

namespace LeanML.Sources.Internal;

/// <summary>
/// HubSpot: contacts, companies and deals, exported with English property labels (<c>Record ID, First Name…</c>) or
/// read through the API with internal names (<c>hs_object_id, email, dealstage…</c>); association columns hold
/// <c>;</c>-separated ids. A deal's stage is won or lost by <c>hs_is_closed_won</c>/<c>hs_is_closed</c> when the export
/// has them, else by its label or internal name (<c>Closed Won</c>, <c>closedwon</c>).
/// </summary>
internal static class HubSpotExports
{
    public static VendorExport Contacts { get; } = new("hubspot_contacts", "hubspot", "HubSpot contacts export", CanonicalSchema.Customers,
    [
        F("id", "Record ID", "hs_object_id", "vid"),
        F("first", "First Name", "firstname"),
        F("last", "Last Name", "lastname"),
        F("email", "Email", "email"),
        F("phone", "Phone Number", "phone"),
        F("company", "Company Name", "company", "Associated Company"),
        F("company_id", "Associated Company IDs", "associatedcompanyid", "Associated Company ID"),
        F("title", "Job Title", "jobtitle"),
        F("stage", "Lifecycle Stage", "lifecyclestage"),
        F("country", "Country/Region", "country"),
        F("created", "Create Date", "createdate"),
    ], ["id", "first", "last", "email"], MapContact);

    public static VendorExport Companies { get; } = new("hubspot_companies", "hubspot", "HubSpot companies export", CanonicalSchema.Companies,
    [
        F("id", "Record ID", "hs_object_id", "Company ID"),
        F("name", "Company name", "name"),
        F("domain", "Company Domain Name", "domain"),
        F("industry", "Industry", "industry"),
        F("city", "City", "city"),
        F("state", "State/Region", "state"),
        F("country", "Country/Region", "country"),
        F("revenue", "Annual Revenue", "annualrevenue"),
        F("employees", "Number of Employees", "numberofemployees"),
        F("created", "Create Date", "createdate"),
    ], ["id", "name", "domain"], MapCompany);

    public static VendorExport Deals { get; } = new("hubspot_deals", "hubspot", "HubSpot deals export", CanonicalSchema.Deals,
    [
        F("id", "Record ID", "hs_object_id", "Deal ID"),
        F("name", "Deal Name", "dealname"),
        F("stage", "Deal Stage", "dealstage"),
        F("pipeline", "Pipeline", "pipeline"),
        F("amount", "Amount", "amount"),
        F("close", "Close Date", "closedate"),
        F("created", "Create Date", "createdate"),
        F("owner", "Deal owner", "hubspot_owner_id"),
        F("is_closed", "Is Closed", "hs_is_closed", "Is closed (numeric)"),
        F("is_won", "Is Closed Won", "hs_is_closed_won"),
        F("companies", "Associated Company IDs", "Associated Company IDs (Primary)", "associatedcompanyids"),
        F("contacts", "Associated Contact IDs", "associatedvids"),
    ], ["id", "name", "stage", "pipeline"], MapDeal);

    private static CanonicalRow? MapContact(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        var first = r["first"];
        var last = r["last"];
        var companies = V.Many(r["company_id"]);
        return new CanonicalRow(CanonicalSchema.Customers, r, id)
            .Set("customer_id", id)
            .Set("email", r["email"])
            .Set("first_name", first)
            .Set("last_name", last)
            .Set("customer_name", string.Join(' ', new[] { first, last }.Where(x => x is not null)) is { Length: > 0 } n ? n : null)
            .Set("customer_company", r["company"])
            .Set("company_id", companies.Count > 0 ? companies[0] : null)
            .Set("phone", r["phone"])
            .Set("customer_country", r["country"])
            .Set("job_title", r["title"])
            .Set("lifecycle_stage", r["stage"])
            .Set("created_at", V.UtcTime(r["created"]));
    }

    private static CanonicalRow? MapCompany(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        return new CanonicalRow(CanonicalSchema.Companies, r, id)
            .Set("company_id", id)
            .Set("company_name", r["name"])
            .Set("company_domain", r["domain"]?.ToLowerInvariant())
            .Set("industry", r["industry"])
            .Set("city", r["city"])
            .Set("state", r["state"])
            .Set("country", r["country"])
            .Set("company_annual_revenue", V.Money(r["revenue"]))
            .Set("number_of_employees", V.Integer(r["employees"]))
            .Set("created_date", V.UtcTime(r["created"]));
    }

    private static CanonicalRow? MapDeal(ExportRow r)
    {
        var id = r["id"];
        if (id is null)
        {
            return null;
        }

        var label = r["stage"];
        var key = label?.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        var won = V.Bool(r["is_won"]) ?? (key is null ? null : key == "closedwon");
        var closed = V.Bool(r["is_closed"]) ?? (key is null ? null : key is "closedwon" or "closedlost");
        var companies = V.Many(r["companies"]);
        var contacts = V.Many(r["contacts"]);
        return new CanonicalRow(CanonicalSchema.Deals, r, id)
            .Set("deal_id", id)
            .Set("deal_name", r["name"])
            .Set("stage", won == true ? "won" : closed == true ? "lost" : closed == false ? "open" : null)
            .Set("deal_pipeline_stage_id", label)
            .Set("deal_pipeline_id", r["pipeline"])
            .Set("amount", V.Money(r["amount"]))
            .Set("closed_date", V.UtcTime(r["close"]))
            .Set("created_date", V.UtcTime(r["created"]))
            .Set("is_closed", closed)
            .Set("is_won", won)
            .Set("owner_id", r["owner"])
            .Set("company_id", companies.Count > 0 ? companies[0] : null)
            .Set("contact_id", contacts.Count > 0 ? contacts[0] : null)
            .Set("associated_company_ids", companies.Count > 0 ? string.Join(';', companies) : null)
            .Set("associated_contact_ids", contacts.Count > 0 ? string.Join(';', contacts) : null);
    }
}
