using static LeanML.Sources.Internal.Fields;
using V = LeanML.Sources.Internal.SourceValues;

namespace LeanML.Sources.Internal;

/// <summary>
/// Salesforce objects exported with API names (Data Loader, Workbench, reports with API names): Contact, Account,
/// Opportunity and OpportunityHistory. Every id is normalised to the 18-character case-safe form, so a report's
/// 15-character ids join the API's; an opportunity's stage is won/lost/open by <c>IsWon</c>/<c>IsClosed</c>.
/// </summary>
internal static class SalesforceExports
{
    public static VendorExport Contacts { get; } = new("salesforce_contacts", "salesforce", "Salesforce Contact export", CanonicalSchema.Customers,
    [
        F("id", "Id", "Contact ID"),
        F("account", "AccountId", "Account ID"),
        F("first", "FirstName"),
        F("last", "LastName"),
        F("name", "Name"),
        F("email", "Email"),
        F("phone", "Phone"),
        F("title", "Title"),
        F("source", "LeadSource"),
        F("country", "MailingCountry"),
        F("created", "CreatedDate"),
        F("deleted", "IsDeleted"),
    ], ["id", "account", "first", "last", "email"], MapContact);

    public static VendorExport Accounts { get; } = new("salesforce_accounts", "salesforce", "Salesforce Account export", CanonicalSchema.Companies,
    [
        F("id", "Id", "Account ID"),
        F("name", "Name"),
        F("type", "Type"),
        F("industry", "Industry"),
        F("revenue", "AnnualRevenue"),
        F("employees", "NumberOfEmployees"),
        F("website", "Website"),
        F("city", "BillingCity"),
        F("state", "BillingState"),
        F("country", "BillingCountry"),
        F("created", "CreatedDate"),
    ], ["id", "name", "industry", "revenue", "employees"], MapAccount);

    public static VendorExport Opportunities { get; } = new("salesforce_opportunities", "salesforce", "Salesforce Opportunity export", CanonicalSchema.Deals,
    [
        F("id", "Id", "Opportunity ID"),
        F("account", "AccountId"),
        F("contact", "ContactId"),
        F("name", "Name"),
        F("stage", "StageName"),
        F("amount", "Amount"),
        F("close", "CloseDate"),
        F("closed", "IsClosed"),
        F("won", "IsWon"),
        F("owner", "OwnerId"),
        F("created", "CreatedDate"),
        F("forecast", "ForecastCategoryName"),
    ], ["id", "name", "stage", "close"], MapOpportunity);

    public static VendorExport History { get; } = new("salesforce_opportunity_history", "salesforce", "Salesforce OpportunityHistory export", CanonicalSchema.DealStageHistory,
    [
        F("id", "Id"),
        F("opportunity", "OpportunityId"),
        F("stage", "StageName"),
        F("amount", "Amount"),
        F("close", "CloseDate"),
        F("probability", "Probability"),
        F("created", "CreatedDate"),
    ], ["id", "opportunity", "stage", "created"], MapHistory);

    private static CanonicalRow? MapContact(ExportRow r)
    {
        if (SalesforceIds.To18(r["id"]) is not { } id || V.Bool(r["deleted"]) == true)
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
            .Set("customer_name", r["name"] ?? (string.Join(' ', new[] { first, last }.Where(x => x is not null)) is { Length: > 0 } n ? n : null))
            .Set("company_id", SalesforceIds.To18(r["account"]))
            .Set("phone", r["phone"])
            .Set("customer_country", r["country"])
            .Set("job_title", r["title"])
            .Set("lifecycle_stage", r["source"])
            .Set("created_at", V.UtcTime(r["created"]));
    }

    private static CanonicalRow? MapAccount(ExportRow r)
    {
        if (SalesforceIds.To18(r["id"]) is not { } id)
        {
            return null;
        }

        var site = r["website"];
        return new CanonicalRow(CanonicalSchema.Companies, r, id)
            .Set("company_id", id)
            .Set("company_name", r["name"])
            .Set("company_domain", Domain(site))
            .Set("industry", r["industry"])
            .Set("city", r["city"])
            .Set("state", r["state"])
            .Set("country", r["country"])
            .Set("company_annual_revenue", V.Money(r["revenue"]))
            .Set("number_of_employees", V.Integer(r["employees"]))
            .Set("created_date", V.UtcTime(r["created"]));
    }

    private static CanonicalRow? MapOpportunity(ExportRow r)
    {
        if (SalesforceIds.To18(r["id"]) is not { } id)
        {
            return null;
        }

        var label = r["stage"];
        var (closed, won) = Closed(r["closed"], r["won"], label);
        var account = SalesforceIds.To18(r["account"]);
        return new CanonicalRow(CanonicalSchema.Deals, r, id)
            .Set("deal_id", id)
            .Set("deal_name", r["name"])
            .Set("stage", Stage(closed, won))
            .Set("deal_pipeline_stage_id", label)
            .Set("amount", V.Money(r["amount"]))
            .Set("closed_date", V.UtcTime(r["close"]))
            .Set("created_date", V.UtcTime(r["created"]))
            .Set("is_closed", closed)
            .Set("is_won", won)
            .Set("owner_id", SalesforceIds.To18(r["owner"]))
            .Set("company_id", account)
            .Set("contact_id", SalesforceIds.To18(r["contact"]))
            .Set("associated_company_ids", account)
            .Set("associated_contact_ids", SalesforceIds.To18(r["contact"]));
    }

    private static CanonicalRow? MapHistory(ExportRow r)
    {
        if (SalesforceIds.To18(r["id"]) is not { } id)
        {
            return null;
        }

        var label = r["stage"];
        var (closed, won) = Closed(null, null, label);
        return new CanonicalRow(CanonicalSchema.DealStageHistory, r, id)
            .Set("deal_id", SalesforceIds.To18(r["opportunity"]))
            .Set("stage", Stage(closed, won))
            .Set("deal_pipeline_stage_id", label)
            .Set("amount", V.Money(r["amount"]))
            .Set("closed_date", V.UtcTime(r["close"]))
            .Set("probability", V.Money(r["probability"]))
            .Set("changed_at", V.UtcTime(r["created"]));
    }

    // IsClosed/IsWon when exported; else Salesforce's default closed stages by name.
    private static (bool? Closed, bool? Won) Closed(string? isClosed, string? isWon, string? label)
    {
        var key = label?.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        var won = V.Bool(isWon) ?? (key is null ? null : key == "closedwon");
        var closed = V.Bool(isClosed) ?? (key is null ? null : key is "closedwon" or "closedlost");
        return (closed, won);
    }

    private static string? Stage(bool? closed, bool? won) => won == true ? "won" : closed == true ? "lost" : closed == false ? "open" : null;

    private static string? Domain(string? website)
    {
        if (website is null)
        {
            return null;
        }

        var s = website.Trim().ToLowerInvariant();
        s = s.Contains("://", StringComparison.Ordinal) ? s[(s.IndexOf("://", StringComparison.Ordinal) + 3)..] : s;
        s = s.Split('/')[0];
        return s.StartsWith("www.", StringComparison.Ordinal) ? s[4..] : s;
    }
}
