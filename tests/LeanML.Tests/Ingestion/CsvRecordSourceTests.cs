using System.Text;
using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Tests.Ingestion;

public sealed class CsvRecordSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("leanml-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string text, bool bom = false)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private static List<(long Line, string?[] Values, string? Error, string Raw)> ReadAll(string path, char? delimiter = null)
    {
        using var source = new CsvRecordSource(FileInput.Open(path, new ReaderOptions { Delimiter = delimiter }));
        var list = new List<(long, string?[], string?, string)>();
        while (source.Read())
        {
            list.Add((source.Line, source.Values.ToArray(), source.Error, source.RawText()));
        }

        return list;
    }

    [Fact]
    public void Rfc4180_quoting_doubled_quotes_and_newlines_inside_quotes()
    {
        var path = Write("id,text,n\r\n1,\"a, b\",2\r\n2,\"say \"\"hi\"\"\",3\r\n3,\"two\nlines\",4\r\n");
        var rows = ReadAll(path);
        Assert.Equal(3, rows.Count);
        Assert.Equal(new[] { "1", "a, b", "2" }, rows[0].Values.Select(v => v ?? ""));
        Assert.Equal("say \"hi\"", rows[1].Values[1]);
        Assert.Equal("two\nlines", rows[2].Values[1]);
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Line_numbers_count_newlines_inside_quotes()
    {
        var path = Write("a,b\n1,\"x\ny\nz\"\n2,w\n");
        var rows = ReadAll(path);
        Assert.Equal([2L, 5L], rows.Select(r => r.Line));
    }

    [Fact]
    public void Bom_is_skipped_and_blank_lines_ignored()
    {
        var path = Write("name;value\n\nx;1\n\n", bom: true);
        using var source = new CsvRecordSource(FileInput.Open(path, ReaderOptions.Default));
        Assert.Equal(["name", "value"], source.Columns);
        Assert.True(source.Read());
        Assert.Equal(3, source.Line);
        Assert.False(source.Read());
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("\"a\";\"b\";\"c\"\n1;2,5;3\n", ';')]
    [InlineData("a\tb\n1\t2\n", '\t')]
    [InlineData("a|b\n1|2\n", '|')]
    public void Delimiter_is_detected(string text, char expected) => Assert.Equal(expected, FileInput.Open(Write(text), ReaderOptions.Default).Delimiter);

    [Fact]
    public void Wrong_field_counts_and_unterminated_quotes_are_errors_with_raw_text()
    {
        var path = Write("a,b\n1,2\n3\n4,5,6\n7,\"open\n");
        var rows = ReadAll(path);
        Assert.Equal(4, rows.Count);
        Assert.Null(rows[0].Error);
        Assert.Equal("expected 2 fields, found 1", rows[1].Error);
        Assert.Equal("3", rows[1].Raw);
        Assert.Equal("4,5,6", rows[2].Raw);
        Assert.Contains("unterminated", rows[3].Error, StringComparison.Ordinal);
        Assert.Equal("7,\"open\n", rows[3].Raw);
    }

    [Fact]
    public void An_unquoted_comma_that_shifts_a_record_into_an_empty_last_column_is_still_a_wrong_count()
    {
        // "Bold Grid, Inc." unquoted with the last column empty: the extra field is empty only by chance, and reading
        // past it would shift every value after the comma into the wrong column.
        var rows = ReadAll(Write("name,company,employees,plan\nSam,Bold Grid, Inc.,12,\n"));
        Assert.Equal(("expected 4 fields, found 5", "Sam,Bold Grid, Inc.,12,"), (rows[0].Error, rows[0].Raw));
    }

    [Fact]
    public void Plain_records_read_in_one_go_keep_empty_cells_nulls_line_breaks_and_raw_text()
    {
        // Records without quotes take the one-search path; Windows and Unix line breaks mixed, a blank line, a record
        // with a lone '\r' inside and one with a quote take the general loop, and both give the same cells.
        var path = Write("a,b,c\r\n1,,x y\r\n\r\n,2,\n3,4\r\n5,\"q\",6\n7,8\r9\n10,11,12");
        var rows = ReadAll(path);
        Assert.Equal([2L, 4L, 5L, 6L, 7L, 8L, 9L], rows.Select(r => r.Line));
        Assert.Equal(new[] { "1", null, "x y" }, rows[0].Values);
        Assert.Equal(new[] { null, "2", null }, rows[1].Values);
        Assert.Equal(("expected 3 fields, found 2", "3,4"), (rows[2].Error, rows[2].Raw));
        Assert.Equal(new[] { "5", "q", "6" }, rows[3].Values);
        Assert.Equal(("expected 3 fields, found 2", "7,8"), (rows[4].Error, rows[4].Raw));
        Assert.Equal(("expected 3 fields, found 1", "9"), (rows[5].Error, rows[5].Raw));
        Assert.Equal(new[] { "10", "11", "12" }, rows[6].Values);
        Assert.All(rows.Where(r => r.Error is null), r => Assert.DoesNotContain(r.Values, v => v?.Contains('\r') == true));
    }

    [Fact]
    public void Records_spanning_buffer_refills_keep_their_raw_text()
    {
        var big = new string('x', 70_000);
        var path = Write($"a,b\n1,{big}\n2,3,4\n");
        var rows = ReadAll(path);
        Assert.Equal(big, rows[0].Values[1]);
        Assert.Equal("2,3,4", rows[1].Raw);
    }

    [Fact]
    public void A_quoted_field_across_buffer_refills_keeps_its_quotes_commas_and_line_breaks()
    {
        // The reader copies runs of ordinary characters at once; a long quoted field makes those runs cross refills.
        var part = new string('y', 40_000);
        var field = $"{part}\"\"{part},\r\n{part}\n{part}\"\"";
        var path = Write($"a,b\n1,\"{field}\"\n2,3\n");
        var rows = ReadAll(path);
        Assert.Equal(2, rows.Count);
        Assert.Equal(field.Replace("\"\"", "\"", StringComparison.Ordinal), rows[0].Values[1]);
        Assert.Null(rows[0].Error);
        Assert.Equal([2L, 5L], rows.Select(r => r.Line));
        Assert.Equal("2,3", rows[1].Raw);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_kept_and_an_empty_quoted_field_is_not_null()
    {
        var path = Write("a,b,c\nab\"c,\"\",\nx\"\"y,1,2\n");
        var rows = ReadAll(path);
        Assert.Equal(new string?[] { "ab\"c", "", null }, rows[0].Values);
        Assert.Equal(new string?[] { "x\"\"y", "1", "2" }, rows[1].Values);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_for_that_record_only()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllBytes(path, [.. "a,b\n1,ok\n2,"u8, 0xC3, 0x28, .. "\n3,fine\n"u8]);
        var rows = ReadAll(path);
        Assert.Equal(new[] { "", "invalid UTF-8 byte sequence (the file looks like latin1: read it with --encoding latin1)", "" }, rows.Select(r => r.Error ?? ""));
    }
}
