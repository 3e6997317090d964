using LeanML.Digest;
using LeanML.Projects;

namespace LeanML.Tests.Projects;

/// <summary>User text in the digest stays literal in its Markdown and in the HTML mail made from it.</summary>
public sealed class DigestDocumentTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Underscores_hashes_and_angle_brackets_in_titles_and_text_are_not_markup()
    {
        var item = new DigestItem("report:1", "report", "churn", "churn_features_v2 *final*", "uses <b>logins_last_4w</b> and #2", "reports/churn_v2.md", At, []);
        var markdown = DigestService.Markdown([item], At.AddDays(-7), At);
        var html = UpdateDocument.Html("digest", markdown);

        Assert.Contains("churn_features_v2 *final*", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;logins_last_4w&lt;/b&gt; and #2", html, StringComparison.Ordinal);
    }
}
