using LeanML.Scoring;

namespace LeanML.Tests.Scoring;

public sealed class CsvTextTests
{
    [Fact]
    public void Quote_only_quotes_when_needed() =>
        Assert.Equal(["plain", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\""], new[] { "plain", "a,b", "say \"hi\"", "two\nlines" }.Select(v => CsvText.Quote(v)));
}
