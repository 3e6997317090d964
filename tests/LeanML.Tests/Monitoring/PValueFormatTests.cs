using LeanML.Monitoring;

namespace LeanML.Tests.Monitoring;

public sealed class PValueFormatTests
{
    [Theory]
    [InlineData(0.5, "0.500")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.00031, "3.1e-4")]
    [InlineData(1.234e-120, "1.234e-120")]
    [InlineData(0.0, "<1e-300")]
    public void A_p_value_prints_as_people_read_it_and_an_underflow_is_not_zero(double p, string expected) =>
        Assert.Equal(expected, DriftComparison.FormatPValue(p));
}
