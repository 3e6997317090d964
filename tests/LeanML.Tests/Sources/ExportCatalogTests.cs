using LeanML.Sources;

namespace LeanML.Tests.Sources;

public sealed class ExportCatalogTests
{
    [Fact]
    public void Headers_are_matched_by_name_in_any_order_and_case()
    {
        var m = ExportCatalog.Recognise(["STATUS", "currency", "  amount ", "Created (UTC)", "ID", "Card Brand"]);
        Assert.Equal("stripe_payments", m!.Export.Id);
        Assert.Equal("  amount ", m.Columns["amount"]);
    }

    [Theory]
    [InlineData("id,Created date (UTC),Amount,Currency,Status", "stripe_payments")]
    [InlineData("id,object,amount,amount_refunded,created,currency,status,customer", "stripe_api_charges")]
    [InlineData("Record ID,First Name,Last Name,Email,Phone Number", "hubspot_contacts")]
    [InlineData("hs_object_id,email,firstname,lastname", "hubspot_contacts")]
    [InlineData("hs_object_id,dealname,dealstage,pipeline,amount", "hubspot_deals")]
    [InlineData("Record ID,Company name,Company Domain Name,Industry", "hubspot_companies")]
    [InlineData("Id,AccountId,FirstName,LastName,Email,Phone", "salesforce_contacts")]
    [InlineData("Id,Name,Industry,AnnualRevenue,NumberOfEmployees,Website", "salesforce_accounts")]
    [InlineData("Id,AccountId,Name,StageName,Amount,CloseDate,IsClosed,IsWon", "salesforce_opportunities")]
    [InlineData("Id,OpportunityId,StageName,Amount,CreatedDate", "salesforce_opportunity_history")]
    [InlineData("Date,Time,Time Zone,Gross Sales,Total Collected,Transaction ID,Event Type", "square_transactions")]
    public void Each_export_is_recognised_from_its_header(string header, string adapter) =>
        Assert.Equal(adapter, ExportCatalog.Recognise(header.Split(','))?.Export.Id);

    [Fact]
    public void A_plain_table_is_not_an_export_and_gets_no_hint()
    {
        string[] telco = ["customerID", "gender", "SeniorCitizen", "Partner", "tenure", "MonthlyCharges", "TotalCharges", "Churn"];
        Assert.Null(ExportCatalog.Recognise(telco));
        Assert.Null(ExportCatalog.Nearest(telco));
        Assert.Null(ExportCatalog.Nearest(["id", "amount"]));
    }

    [Fact]
    public void A_near_header_gets_the_nearest_export_and_the_columns_that_differ()
    {
        var hint = ExportCatalog.Nearest(["Record ID", "Deal Name", "Stage", "Pipeline", "Amount"])!;
        Assert.Equal("hubspot_deals", hint.Export.Id);
        Assert.Equal(["Deal Stage"], hint.Missing);
        Assert.Contains("Stage", hint.Extra);
        Assert.Contains("rename", hint.Message, StringComparison.Ordinal);
    }
}
