using LeanML.Reports;

namespace LeanML.Tests.Reports;

public sealed class ReportParserTests
{
    private const string Valid = """
        ---
        title: Churn model verdict
        authors: [ana@acme.example]
        tldr: The model beats the rule.
        created: 2026-12-01
        tags: [churn]
        status: published
        ---

        # Verdict
        AUC {{ run 01JABCDEF auc }} and {{ metric churn_rate month=2026-10 }}.
        {{ experiment churn-outreach decision }}
        """;

    [Fact]
    public void A_valid_report_parses_with_its_references_and_their_lines()
    {
        var d = ReportParser.Parse("reports/2026-12-01-churn.md", Valid);
        Assert.True(d.Valid, string.Join("\n", d.Issues));
        Assert.Equal("Churn model verdict", d.FrontMatter!.Title);
        Assert.Equal(["ana@acme.example"], d.FrontMatter.Authors);
        Assert.Equal(new DateOnly(2026, 12, 1), d.FrontMatter.Created);
        Assert.Equal("published", d.FrontMatter.Status);
        Assert.Equal(9, d.BodyLine);
        Assert.Collection(d.References,
            r => Assert.Equal(("run", "01JABCDEF", "auc", 11), (r.Kind, r.Target, r.Field, r.Line)),
            r => { Assert.Equal(("metric", "churn_rate", 11), (r.Kind, r.Target, r.Line)); Assert.Equal("2026-10", r.Arguments["month"]); },
            r => Assert.Equal(("experiment", "churn-outreach", 12), (r.Kind, r.Target, r.Line)));
    }

    [Fact]
    public void Every_front_matter_error_is_reported_with_its_own_line()
    {
        const string text = """
            ---
            title: Churn
            tldr: x
            created: 2026-13-45
            status: final
            autors: [ana]
            ---
            body {{ run 01J }}
            """;
        var d = ReportParser.Parse("reports/2026-12-01-churn.md", text);
        Assert.False(d.Valid);
        Assert.Null(d.FrontMatter);
        var byField = d.Issues.ToDictionary(i => i.Field ?? "", i => i);
        Assert.Equal(4, byField["created"].Line);
        Assert.Contains("YYYY-MM-DD", byField["created"].Message, StringComparison.Ordinal);
        Assert.Equal(5, byField["status"].Line);
        Assert.Contains("draft | published | superseded", byField["status"].Message, StringComparison.Ordinal);
        Assert.Equal(6, byField["autors"].Line);
        Assert.Contains("authors", byField["autors"].Message, StringComparison.Ordinal);
        Assert.Contains("'authors' is missing", byField["authors"].Message, StringComparison.Ordinal);
        Assert.Equal(8, byField["{{ run 01J }}"].Line);
        Assert.All(d.Issues, i => Assert.Equal("reports/2026-12-01-churn.md", i.File));
        Assert.StartsWith("reports/2026-12-01-churn.md:4: ", byField["created"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_key_and_a_bad_file_name_are_named()
    {
        var d = ReportParser.Parse("reports/churn notes.md", "---\ntitle: x\nauthors: [a]\ncreated: 2026-12-01\n---\n");
        Assert.Contains(d.Issues, i => i.Field == "tldr" && i.Message.Contains("'tldr' is missing", StringComparison.Ordinal));
        Assert.Contains(d.Issues, i => i.Field == "file" && i.Message.Contains("YYYY-MM-DD-slug.md", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_without_front_matter_or_without_its_end_is_an_error()
    {
        Assert.Contains(ReportParser.Parse("reports/2026-12-01-a.md", "# just text\n").Issues, i => i.Line == 1 && i.Message.Contains("front matter", StringComparison.Ordinal));
        Assert.Contains(ReportParser.Parse("reports/2026-12-01-a.md", "---\ntitle: x\n").Issues, i => i.Message.Contains("closing '---'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_metric_reference_with_an_unknown_argument_or_a_bad_month_is_an_error_on_its_line()
    {
        var text = Valid.Replace("{{ metric churn_rate month=2026-10 }}", "{{ metric churn_rate month=October }} {{ metric churn_rate by=plan }}", StringComparison.Ordinal);
        var d = ReportParser.Parse("reports/2026-12-01-churn.md", text);
        Assert.Equal(2, d.Issues.Count);
        Assert.All(d.Issues, i => Assert.Equal(11, i.Line));
        Assert.Contains(d.Issues, i => i.Message.Contains("month=October", StringComparison.Ordinal));
        Assert.Contains(d.Issues, i => i.Message.Contains("'by=plan'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_targets_are_errors_when_the_workspace_is_known()
    {
        var root = Path.Combine(Path.GetTempPath(), "leanml-report-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "metrics"));
        try
        {
            var d = ReportParser.Parse("reports/2026-12-01-churn.md", Valid.Replace("status: published", "status: published\nproject: nope", StringComparison.Ordinal), root);
            Assert.Contains(d.Issues, i => i.Field == "project" && i.Line == 8);
            Assert.Contains(d.Issues, i => i.Line == 12 && i.Message.Contains("unknown reference", StringComparison.Ordinal) && i.Message.Contains("metric 'churn_rate'", StringComparison.Ordinal));
            Assert.Contains(d.Issues, i => i.Line == 13 && i.Message.Contains("experiment 'churn-outreach'", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Theory]
    [InlineData("Churn model: the verdict", "churn-model-the-verdict")]
    [InlineData("Café & Crème — Q4!", "cafe-creme-q4")]
    [InlineData("!!!", "report")]
    public void Titles_become_file_name_slugs(string title, string slug) => Assert.Equal(slug, ReportService.Slug(title));
}
