using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Tests.Ingestion;

public sealed class ValueSyntaxTests
{
    [Theory]
    [InlineData("42", 42L)]
    [InlineData(" -7 ", -7L)]
    [InlineData("+3", 3L)]
    [InlineData("0", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integers_parse(string text, long expected)
    {
        Assert.True(ValueSyntax.TryInteger(text, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("00123")]
    [InlineData("9223372036854775808")]
    [InlineData("1.5")]
    [InlineData("1,000")]
    [InlineData("-")]
    [InlineData("12a")]
    public void Not_integers(string text) => Assert.False(ValueSyntax.TryInteger(text, out _));

    [Theory]
    [InlineData("29.85", 29.85)]
    [InlineData("-0.5", -0.5)]
    [InlineData(".5", 0.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("17850.0", 17850.0)]
    public void Reals_parse(string text, double expected)
    {
        Assert.True(ValueSyntax.TryReal(text, out var v));
        Assert.Equal(expected, v);
    }

    [Fact]
    public void Reals_of_up_to_15_digits_parse_to_the_bits_double_parse_gives()
    {
        // The short-decimal path must round exactly as the runtime's correctly rounded parser does: random decimals
        // of 1 to 15 digits with the point anywhere, signs, leading and trailing zeros, and the hard cases of 15 nines.
        var random = new Random(17);
        var texts = new List<string> { "0", "-0", "-0.0", "+1.5", "0.1", "0.3", "5.", ".000000000000001", "999999999999999", "99999999999999.9", "-0.999999999999999", "9007199254740.993", "228.13", "1.005" };
        for (var i = 0; i < 200_000; i++)
        {
            var digits = string.Concat(Enumerable.Range(0, random.Next(1, 16)).Select(_ => (char)('0' + random.Next(10))));
            var point = random.Next(0, digits.Length + 1);
            var text = point == digits.Length ? digits : digits[..point] + "." + digits[point..];
            if (text.Length > 1 && text[0] == '0' && text[1] != '.')
            {
                continue; // a leading zero makes an identifier, not a number
            }

            texts.Add(random.Next(4) == 0 ? "-" + text : text);
        }

        foreach (var text in texts)
        {
            Assert.True(ValueSyntax.TryReal(text, out var v), text);
            var expected = double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(v), $"{text}: {v:R} != {expected:R}");
        }
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("01.5")]
    [InlineData("1.2.3")]
    [InlineData("e5")]
    public void Not_reals(string text) => Assert.False(ValueSyntax.TryReal(text, out _));

    [Theory]
    [InlineData("$1,234.50", 1234.5, '$')]
    [InlineData("-$12.00", -12.0, '$')]
    [InlineData("($5.25)", -5.25, '$')]
    [InlineData("€ 99", 99.0, '€')]
    [InlineData("12.30 €", 12.3, '€')]
    [InlineData("£1,000,000", 1000000.0, '£')]
    [InlineData("1,234,567.89", 1234567.89, '\0')]
    public void Amounts_parse_with_their_currency(string text, double expected, char symbol)
    {
        Assert.True(ValueSyntax.TryMoney(text, out var v, out var s));
        Assert.Equal(expected, v, 9);
        Assert.Equal(symbol, s);
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("1,23,456")]
    [InlineData("$")]
    [InlineData("$1.")]
    [InlineData("12 apples")]
    public void Not_amounts(string text) => Assert.False(ValueSyntax.TryMoney(text, out _, out _));

    [Theory]
    [InlineData("2024-01-05", "2024-01-05", ColumnType.Date)]
    [InlineData("2010-12-01 08:26:00", "2010-12-01T08:26:00Z", ColumnType.Timestamp)]
    [InlineData("2024-03-10T12:00:00+02:00", "2024-03-10T10:00:00Z", ColumnType.Timestamp)]
    [InlineData("2024-03-10T12:00:00.250Z", "2024-03-10T12:00:00.25Z", ColumnType.Timestamp)]
    [InlineData("31.12.2023", "2023-12-31", ColumnType.Date)]
    [InlineData("31.12.2023 23:59", "2023-12-31T23:59:00Z", ColumnType.Timestamp)]
    public void Dates_with_a_fixed_order_convert_to_iso(string text, string expected, ColumnType type)
    {
        var converter = new ValueConverter(type, null, DateOrder.Unknown);
        Assert.Equal(expected, Iso(converter.Convert(text, out _)));
    }

    [Theory]
    [InlineData("1/5/2024 3:45 PM", true, "2024-01-05T15:45:00Z")]
    [InlineData("1/5/2024 3:45 PM", false, "2024-05-01T15:45:00Z")]
    [InlineData("12/31/2024 12:00 AM", true, "2024-12-31T00:00:00Z")]
    public void Slash_dates_follow_the_column_order(string text, bool monthFirst, string expected) =>
        Assert.Equal(expected, Iso(new ValueConverter(ColumnType.Timestamp, null, monthFirst ? DateOrder.MonthFirst : DateOrder.DayFirst).Convert(text, out _)));

    [Fact]
    public void An_ambiguous_slash_date_without_a_column_order_does_not_convert()
    {
        Assert.Null(new ValueConverter(ColumnType.Date, null, DateOrder.Unknown).Convert("01/02/2024", out var reason));
        Assert.Contains("ambiguous", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2023-13-01")]
    [InlineData("32/01/2024")]
    [InlineData("2024-01-05 25:00")]
    [InlineData("20240105")]
    [InlineData("5/1/24")]
    public void Not_dates(string text) => Assert.False(ValueSyntax.TryDateTime(text, out _));

    [Theory]
    [InlineData("Yes", true)]
    [InlineData("no", false)]
    [InlineData("TRUE", true)]
    [InlineData("f", false)]
    public void Booleans_parse(string text, bool expected)
    {
        Assert.True(ValueSyntax.TryBoolean(text, out var v));
        Assert.Equal(expected, v);
    }

    // A stored date or timestamp (UTC) as ISO 8601 text, to compare with the expected value.
    private static string? Iso(object? value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => ValueSyntax.FormatTimestamp(t),
        _ => value?.ToString(),
    };
}
