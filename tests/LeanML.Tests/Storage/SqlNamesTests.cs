using LeanML.Storage;

namespace LeanML.Tests.Storage;

public sealed class SqlNamesTests
{
    [Theory]
    [InlineData("Created (UTC)", "created_utc")]
    [InlineData("Amount Refunded", "amount_refunded")]
    [InlineData("CustomerID", "customer_id")]
    [InlineData("customerId", "customer_id")]
    [InlineData("Record ID", "record_id")]
    [InlineData("TotalCharges", "total_charges")]
    [InlineData("emp.var.rate", "emp_var_rate")]
    [InlineData("  Lifecycle Stage ", "lifecycle_stage")]
    [InlineData("2nd try", "c_2nd_try")]
    [InlineData("%%%", "column")]
    [InlineData("Telco-Customer-Churn", "telco_customer_churn")]
    public void Headers_become_snake_case(string header, string expected) => Assert.Equal(expected, SqlNames.ToSnakeCase(header));

    [Fact]
    public void Duplicate_names_get_numbered_suffixes() =>
        Assert.Equal(["amount", "amount_2", "id", "amount_3"], SqlNames.Unique(["amount", "amount", "id", "amount"]));

    [Fact]
    public void Quote_doubles_embedded_quotes() => Assert.Equal("\"a\"\"; DROP TABLE x; --\"", SqlNames.Quote("a\"; DROP TABLE x; --"));
}
