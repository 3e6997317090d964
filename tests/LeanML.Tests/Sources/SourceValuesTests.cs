using LeanML.Sources.Internal;

namespace LeanML.Tests.Sources;

public sealed class SourceValuesTests
{
    [Theory]
    [InlineData("$8.00", 8.0)]
    [InlineData("-$3.00", -3.0)]
    [InlineData("($3.00)", -3.0)]
    [InlineData("$1,234.50", 1234.5)]
    [InlineData("399,00", 399.0)]
    [InlineData("1.234,56", 1234.56)]
    [InlineData("1,234", 1234.0)]
    [InlineData("€12", 12.0)]
    [InlineData("12 EUR", 12.0)]
    [InlineData("49", 49.0)]
    [InlineData("-0.53", -0.53)]
    public void Money_reads_the_forms_exports_write(string text, double expected) => Assert.Equal(expected, SourceValues.Money(text));

    [Theory]
    [InlineData("")]
    [InlineData("n/a?")]
    [InlineData(null)]
    public void Money_that_is_no_amount_is_null(string? text) => Assert.Null(SourceValues.Money(string.IsNullOrEmpty(text) ? null : text));

    [Theory]
    [InlineData("1000", "JPY", 1000.0)]
    [InlineData("1000", "jpy", 1000.0)]
    [InlineData("1000", "KRW", 1000.0)]
    [InlineData("4900", "USD", 49.0)]
    [InlineData("4900", "usd", 49.0)]
    [InlineData("1500", "KWD", 1.5)]
    public void Smallest_units_become_major_units_by_the_currency(string minor, string currency, double expected) =>
        Assert.Equal(expected, SourceValues.MinorToMajor(minor, currency));

    [Theory]
    [InlineData("2024-03-12 09:14", "2024-03-12 09:14:00")]
    [InlineData("2024-03-12T09:14:00Z", "2024-03-12 09:14:00")]
    [InlineData("2024-01-05T10:00:00.000+0000", "2024-01-05 10:00:00")]
    [InlineData("2024-01-05T12:00:00+02:00", "2024-01-05 10:00:00")]
    [InlineData("3/15/2024 2:30 PM", "2024-03-15 14:30:00")]
    [InlineData("1710234840", "2024-03-12 09:14:00")]
    [InlineData("1710234840000", "2024-03-12 09:14:00")]
    public void Utc_times_from_exports(string text, string expected) =>
        Assert.Equal(expected, SourceValues.UtcTime(text)!.Value.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_date_that_reads_both_ways_is_unknown_unless_the_load_reads_day_first()
    {
        Assert.Null(SourceValues.UtcTime("03/04/2024 10:15"));
        Assert.Equal(new DateTime(2024, 4, 4), SourceValues.Local("04/04/2024"));      // the same either way
        Assert.Equal(new DateTime(2024, 4, 13), SourceValues.Local("13/04/2024"));     // only day first
        Assert.Equal(new DateTime(2024, 4, 13), SourceValues.Local("04/13/2024"));     // only month first
        using (SourceValues.ReadDayFirst(true))
        {
            Assert.Equal(new DateTime(2024, 4, 3, 10, 15, 0), SourceValues.Local("03/04/2024 10:15"));
        }

        Assert.Null(SourceValues.Local("03/04/2024"));
        Assert.Null(SourceValues.UtcTime("202401051030"));    // a compact stamp, not milliseconds since 1970
    }

    [Fact]
    public void Multi_values_split_on_semicolons_trimmed() => Assert.Equal(["9002", "9999"], SourceValues.Many(" 9002; 9999 ;"));
}
