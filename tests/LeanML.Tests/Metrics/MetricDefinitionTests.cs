using LeanML.Metrics;

namespace LeanML.Tests.Metrics;

public sealed class MetricDefinitionTests
{
    private const string Revenue = """
        name: revenue
        label: Revenue
        owner: ana@acme.example
        type: sum
        table: payments
        expression: amount - refunded
        entity: customer_id
        time: paid_at
        grains: [month, year]
        filters: ["status <> 'failed'"]
        dimensions: [plan]
        format: money
        """;

    [Fact]
    public void A_definition_parses_with_its_hash()
    {
        var m = MetricDefinition.Parse("metrics/revenue.yaml", Revenue);
        Assert.Equal((MetricType.Sum, "payments", "customer_id", "paid_at"), (m.Type, m.Table, m.Entity, m.Time));
        Assert.Equal(["month", "year"], m.Grains);
        Assert.Equal(["status <> 'failed'"], m.Filters);
        Assert.True(m.Additive);
        // sha256 of the text: python3 -c "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())"
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Revenue))), m.Hash);
        Assert.Equal("1,234.50", m.FormatValue(1234.5));
        Assert.Equal("n/a", m.FormatValue(null));
    }

    [Theory]
    [InlineData("type: sum", "type: total", 4, "not one of count | sum | mean | ratio | proportion")]
    [InlineData("grains: [month, year]", "grains: [month, fortnight]", 9, "'fortnight'")]
    [InlineData("expression: amount - refunded", "expression: amount - refunded\nnumerator: x", 7, "only used by type: ratio")]
    [InlineData("format: money", "format: dollars", 12, "number | integer | percent | money")]
    [InlineData("entity: customer_id", "entty: customer_id", 7, "unknown key 'entty'")]
    public void Errors_name_the_line_and_what_to_write(string from, string to, int line, string message)
    {
        var ex = Assert.Throws<LeanMLInputException>(() => MetricDefinition.Parse("metrics/revenue.yaml", Revenue.Replace(from, to, StringComparison.Ordinal)));
        Assert.Equal(line, ex.Line);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ratio_needs_its_numerator_and_denominator()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => MetricDefinition.Parse("m.yaml", "name: r\ntype: ratio\ntable: t\nentity: e\nnumerator: a\n"));
        Assert.Equal("denominator", ex.Field);
    }
}
