using LeanML.IntegrationTests.Infrastructure;
using LeanML.Reports;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Share;

/// <summary>Ranking, filters and incremental re-indexing of the findings archive, on SQLite (FTS5) and PostgreSQL.</summary>
public abstract class ReportSearchTests<TProvider> : WarehouseTestBase<TProvider>
    where TProvider : IWarehouseProvider, new()
{
    protected override StoreKind Store => StoreKind.State;

    private static readonly string[] Authors = ["ana@acme.example", "bo@acme.example", "cy@acme.example"];
    private static readonly string[] Tags = ["churn", "pricing", "ops"];
    private static readonly string[] Filler = ["weekly", "customers", "dashboard", "pipeline", "segment", "cohort", "forecast", "warehouse", "invoice", "support"];

    // A generated archive: 60 reports of filler text; report 7 has "refund" in its title, report 23 once in its body,
    // report 41 in its tldr. Report i is written by Authors[i % 3], tagged Tags[i % 3], created 2026-01-01 + i days.
    internal static string Generate(TempDir dir, int count = 60)
    {
        var folder = dir.Combine("reports");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Combine(folder, FileName(i)), Report(i));
        }

        return folder;
    }

    internal static string FileName(int i) => $"{new DateOnly(2026, 1, 1).AddDays(i):yyyy-MM-dd}-report-{i}.md";

    internal static string Report(int i, string extra = "")
    {
        var random = new Random(i);
        var words = string.Join(' ', Enumerable.Range(0, 120).Select(_ => Filler[random.Next(Filler.Length)]));
        var title = i == 7 ? "Refund spike after the price change" : $"Notes {i} on the {Filler[i % Filler.Length]}";
        var tldr = i == 41 ? "Refund requests cluster on annual plans." : "Nothing unusual.";
        var body = i == 23 ? words + " one refund was late. " + words : words;
        return $"""
            ---
            title: "{title}"
            authors: [{Authors[i % 3]}]
            tldr: "{tldr}"
            created: {new DateOnly(2026, 1, 1).AddDays(i):yyyy-MM-dd}
            tags: [{Tags[i % 3]}]
            project: {(i % 2 == 0 ? "churn" : "pricing")}
            status: published
            ---

            {body} {extra}
            """;
    }

    [Fact]
    public async Task Ranking_puts_a_title_match_first_and_highlights_the_match()
    {
        using var dir = new TempDir();
        var folder = Generate(dir);
        await using var state = await OpenFreshAsync();
        var index = new ReportIndex(state);
        var first = await index.RefreshAsync(dir.Path, folder);
        Assert.Equal((60, 0, 0, 0), (first.Added, first.Updated, first.Removed, first.Unchanged));

        var hits = await index.SearchAsync(new SearchRequest("refund"));
        Assert.Equal([$"reports/{FileName(7)}", $"reports/{FileName(41)}", $"reports/{FileName(23)}"], hits.Select(h => h.Path));
        Assert.True(hits[0].Rank > hits[1].Rank && hits[1].Rank > hits[2].Rank, string.Join(", ", hits.Select(h => h.Rank)));
        Assert.Contains("**refund**", hits[2].Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Refund spike after the price change", hits[0].Title);
        Assert.Equal(["bo@acme.example"], hits[0].Authors);

        // Every word is required; stemming finds "refunds" for "refund".
        Assert.Equal([$"reports/{FileName(23)}"], (await index.SearchAsync(new SearchRequest("refund late"))).Select(h => h.Path));
        Assert.Equal(3, (await index.SearchAsync(new SearchRequest("refunds"))).Count);
        Assert.Empty(await index.SearchAsync(new SearchRequest("zebra")));
        // Operators of the engines' query languages are plain words here, never a syntax error.
        Assert.Empty(await index.SearchAsync(new SearchRequest("refund\" OR (NEAR -x")));
    }

    [Fact]
    public async Task Filters_by_author_tag_project_and_date()
    {
        using var dir = new TempDir();
        var folder = Generate(dir);
        await using var state = await OpenFreshAsync();
        var index = new ReportIndex(state);
        await index.RefreshAsync(dir.Path, folder);

        Assert.Equal([$"reports/{FileName(7)}"], (await index.SearchAsync(new SearchRequest("refund", Author: "BO@acme.example"))).Select(h => h.Path));
        Assert.Equal([$"reports/{FileName(41)}", $"reports/{FileName(23)}"], (await index.SearchAsync(new SearchRequest("refund", Tag: "OPS"))).Select(h => h.Path));
        Assert.Equal([$"reports/{FileName(7)}", $"reports/{FileName(41)}", $"reports/{FileName(23)}"], (await index.SearchAsync(new SearchRequest("refund", Project: "pricing"))).Select(h => h.Path));
        Assert.Equal([$"reports/{FileName(41)}", $"reports/{FileName(23)}"], (await index.SearchAsync(new SearchRequest("refund", After: new DateOnly(2026, 1, 9)))).Select(h => h.Path));
        Assert.Empty(await index.SearchAsync(new SearchRequest("refund", Project: "churn")));

        // An empty query lists the reports that pass the filters, newest first.
        var listed = await index.SearchAsync(new SearchRequest("", Author: "ana@acme.example", After: new DateOnly(2026, 2, 1), Limit: 100));
        var expected = Enumerable.Range(0, 60).Where(i => i % 3 == 0 && new DateOnly(2026, 1, 1).AddDays(i) >= new DateOnly(2026, 2, 1)).OrderByDescending(i => i).Select(i => $"reports/{FileName(i)}");
        Assert.Equal(expected, listed.Select(h => h.Path));
    }

    [Fact]
    public async Task Reindexing_is_incremental_after_an_edit_and_a_delete()
    {
        using var dir = new TempDir();
        var folder = Generate(dir);
        await using var state = await OpenFreshAsync();
        var index = new ReportIndex(state);
        await index.RefreshAsync(dir.Path, folder);

        var again = await index.RefreshAsync(dir.Path, folder);
        Assert.Equal((0, 0, 0, 60), (again.Added, again.Updated, again.Removed, again.Unchanged));

        File.WriteAllText(Path.Combine(folder, FileName(23)), Report(23, "a zebra crossed the dashboard").Replace("one refund was late.", "", StringComparison.Ordinal));
        File.Delete(Path.Combine(folder, FileName(7)));
        var changed = await index.RefreshAsync(dir.Path, folder);
        Assert.Equal((0, 1, 1, 58), (changed.Added, changed.Updated, changed.Removed, changed.Unchanged));

        Assert.Equal([$"reports/{FileName(23)}"], (await index.SearchAsync(new SearchRequest("zebra"))).Select(h => h.Path));
        Assert.Equal([$"reports/{FileName(41)}"], (await index.SearchAsync(new SearchRequest("refund"))).Select(h => h.Path));
        Assert.Empty(await index.SearchAsync(new SearchRequest("spike")));

        // A report made invalid leaves the index (and says so) until fixed.
        File.WriteAllText(Path.Combine(folder, FileName(41)), "---\ntitle: broken\n---\nrefund\n");
        var broken = await index.RefreshAsync(dir.Path, folder);
        Assert.Equal([$"reports/{FileName(41)}"], broken.Skipped);
        Assert.Equal(1, broken.Removed);
        Assert.Empty(await index.SearchAsync(new SearchRequest("refund")));
    }
}

public sealed class SqliteReportSearchTests : ReportSearchTests<SqliteProvider>;

public sealed class PostgresReportSearchTests : ReportSearchTests<PostgresProvider>;
