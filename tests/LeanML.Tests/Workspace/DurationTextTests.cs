using LeanML.Workspace;

namespace LeanML.Tests.Workspace;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("6h", 21_600)]
    [InlineData("7d", 604_800)]
    [InlineData("2w", 1_209_600)]
    [InlineData(" 1.5d ", 129_600)]
    [InlineData("45", 45)]
    public void Reads_the_units_people_write(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1d")]
    [InlineData("7 days")]
    [InlineData("1e300d")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.Null(DurationText.TryParse(text));
}
