using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Tests.Ingestion;

public sealed class CellRulesTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData(" ", true)]
    [InlineData("\t \u00a0", true)]         // blank of any white space (U+00A0 too, as char.IsWhiteSpace says)
    [InlineData("NA", true)]
    [InlineData("#N/A", true)]
    [InlineData("None", true)]
    [InlineData(" NA", false)]              // a token is matched exactly
    [InlineData("na", false)]
    [InlineData("NAN", false)]
    [InlineData("0", false)]
    [InlineData(" x ", false)]
    [InlineData("   .", false)]
    [InlineData("Nancy", false)]
    public void A_cell_is_null_when_blank_or_exactly_a_missing_value_token(string cell, bool isNull) =>
        Assert.Equal(isNull, CellRules.Default.IsNull(cell));

    [Fact]
    public void Tokens_of_the_options_replace_the_defaults()
    {
        var rules = new CellRules(new ReaderOptions { NullTokens = ["-", "missing"] });
        Assert.True(rules.IsNull("-"));
        Assert.True(rules.IsNull("missing"));
        Assert.True(rules.IsNull("  "));
        Assert.False(rules.IsNull("NA"));
        Assert.False(rules.IsNull("--"));
    }
}
