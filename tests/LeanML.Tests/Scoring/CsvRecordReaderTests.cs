using LeanML.Scoring;

namespace LeanML.Tests.Scoring;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public void Quoted_fields_doubled_quotes_and_line_breaks_are_read_with_their_start_line()
    {
        var reader = new CsvRecordReader(new StringReader("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",3\n"));
        Assert.Equal("1|a|b", Unpack(reader.Read()));
        Assert.Equal("2|x, y|say \"hi\"", Unpack(reader.Read()));
        Assert.Equal("3|two\nlines|3", Unpack(reader.Read()));
        Assert.Null(reader.Read());
    }

    [Fact]
    public void An_unclosed_quote_is_an_input_error_naming_the_line()
    {
        var reader = new CsvRecordReader(new StringReader("a\n\"open\n"));
        reader.Read();
        var ex = Assert.Throws<LeanMLInputException>(() => reader.Read());
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Quote_only_quotes_when_needed() =>
        Assert.Equal(["plain", "\"a,b\"", "\"say \"\"hi\"\"\""], new[] { "plain", "a,b", "say \"hi\"" }.Select(v => CsvRecordReader.Quote(v)));

    private static string Unpack((int Line, string[] Fields)? record) => record!.Value.Line + "|" + string.Join("|", record.Value.Fields);
}
