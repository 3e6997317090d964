using LeanML.Features;

namespace LeanML.Tests.Features;

public sealed class FeatureEncodingTests
{
    [Theory]
    // Golden days: python (date(2024,1,5) - date(1970,1,1)).days = 19727; 12:00 UTC adds 0.5; 06:00+02:00 is 04:00 UTC (1/6 day).
    [InlineData("2024-01-05", 19727.0, false)]
    [InlineData("2024-01-05T12:00:00Z", 19727.5, true)]
    [InlineData("2024-01-05 12:00:00", 19727.5, true)]
    [InlineData("2024-01-05T06:00:00+02:00", 19727.0 + (4.0 / 24), true)]
    public void Iso_dates_and_timestamps_become_days_since_1970(string text, double days, bool hasTime)
    {
        Assert.True(FeatureEncoding.TryParseIsoDays(text, out var actual, out var time));
        Assert.Equal(days, actual, 9);
        Assert.Equal(hasTime, time);
    }

    [Theory]
    [InlineData("1/2/2024")]
    [InlineData("Yes")]
    [InlineData("2024-13-45")]
    [InlineData("20240105")]
    public void Other_text_is_not_a_date(string text) => Assert.False(FeatureEncoding.TryParseIsoDays(text, out _, out _));

    [Fact]
    public void A_category_code_is_its_index_and_an_unseen_value_is_missing()
    {
        var spec = new FeatureSpec("contract", FeatureKind.Category, ["Month-to-month", "One year", "Two year"], false);
        Assert.Equal(0f, FeatureEncoding.CategoryCode(spec, "Month-to-month"));
        Assert.Equal(2f, FeatureEncoding.CategoryCode(spec, "Two year"));
        Assert.True(float.IsNaN(FeatureEncoding.CategoryCode(spec, "Three year")));
    }
}
