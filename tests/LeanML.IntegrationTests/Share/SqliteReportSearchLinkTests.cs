using LeanML.IntegrationTests.Infrastructure;
using LeanML.Reports;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Share;

/// <summary>
/// SQLite's reports index keeps one FTS5 entry per report, linked by <c>search_rowid</c> (M703): edits and deletes
/// leave no stray entry, and a store indexed before the link gets it on upgrade with its search unchanged.
/// </summary>
public sealed class SqliteReportSearchLinkTests : WarehouseTestBase<SqliteProvider>
{
    protected override StoreKind Store => StoreKind.State;

    private static string P(int i) => $"reports/{ReportSearchTests<SqliteProvider>.FileName(i)}";

    [Fact]
    public async Task Edits_and_deletes_leave_one_linked_entry_per_report()
    {
        using var dir = new TempDir();
        var folder = ReportSearchTests<SqliteProvider>.Generate(dir);
        await using var state = await OpenFreshAsync();
        var index = new ReportIndex(state);
        await index.RefreshAsync(dir.Path, folder);
        Assert.Equal((60L, 60L, 60L), await CountsAsync(state));

        File.WriteAllText(Path.Combine(folder, ReportSearchTests<SqliteProvider>.FileName(23)), ReportSearchTests<SqliteProvider>.Report(23, "a zebra crossed"));
        File.Delete(Path.Combine(folder, ReportSearchTests<SqliteProvider>.FileName(7)));
        await index.RefreshAsync(dir.Path, folder);
        File.WriteAllText(Path.Combine(folder, ReportSearchTests<SqliteProvider>.FileName(23)), ReportSearchTests<SqliteProvider>.Report(23, "a zebra crossed twice"));
        var second = await index.RefreshAsync(dir.Path, folder);
        Assert.Equal((0, 1, 0), (second.Added, second.Updated, second.Removed));
        Assert.Equal((59L, 59L, 59L), await CountsAsync(state));
        Assert.Equal([P(23)], (await index.SearchAsync(new SearchRequest("zebra twice"))).Select(h => h.Path));
    }

    [Fact]
    public async Task A_store_indexed_before_the_link_is_linked_on_upgrade()
    {
        using var dir = new TempDir();
        var folder = ReportSearchTests<SqliteProvider>.Generate(dir);
        var cs = await Provider.CreateDatabaseAsync();
        await using (var old = await Database.OpenAsync(Provider.Engine, cs, Store))
        {
            await new ReportIndex(old).RefreshAsync(dir.Path, folder);
            var d = old.Engine;
            // As M702 left it: no link column, and entries whose rowids are not the rows' (written in reverse order).
            foreach (var sql in new[]
            {
                $"DROP INDEX {d.MetaIndex("reports_search")}",
                $"ALTER TABLE {d.Meta("reports")} DROP COLUMN search_rowid",
                $"DELETE FROM {d.Meta("reports_fts")}",
                $"INSERT INTO {d.Meta("reports_fts")} (path, title, tldr, tags, authors, body) SELECT path, title, tldr, tags, authors, body FROM {d.Meta("reports")} ORDER BY path DESC",
                $"DELETE FROM {d.Meta("schema_version")} WHERE version = 703",
            })
            {
                await using var cmd = old.Command(sql);
                await cmd.ExecuteNonQueryAsync();
            }
        }

        await using var state = await Database.OpenAsync(Provider.Engine, cs, Store);
        Assert.Equal((60L, 60L, 60L), await CountsAsync(state));
        var index = new ReportIndex(state);
        Assert.Equal([P(7), P(41), P(23)], (await index.SearchAsync(new SearchRequest("refund"))).Select(h => h.Path));

        File.Delete(Path.Combine(folder, ReportSearchTests<SqliteProvider>.FileName(7)));
        File.WriteAllText(Path.Combine(folder, ReportSearchTests<SqliteProvider>.FileName(41)), ReportSearchTests<SqliteProvider>.Report(41, "a zebra crossed"));
        await index.RefreshAsync(dir.Path, folder);
        Assert.Equal((59L, 59L, 59L), await CountsAsync(state));
        Assert.Equal([P(41), P(23)], (await index.SearchAsync(new SearchRequest("refund"))).Select(h => h.Path));
        Assert.Equal([P(41)], (await index.SearchAsync(new SearchRequest("zebra"))).Select(h => h.Path));
    }

    // Reports, FTS5 entries, and reports whose link names an entry of the same path.
    private static async Task<(long Reports, long Entries, long Linked)> CountsAsync(Database state)
    {
        var d = state.Engine;
        var counts = new List<long>();
        foreach (var sql in new[]
        {
            $"SELECT COUNT(*) FROM {d.Meta("reports")}",
            $"SELECT COUNT(*) FROM {d.Meta("reports_fts")}",
            $"SELECT COUNT(*) FROM {d.Meta("reports")} r JOIN {d.Meta("reports_fts")} f ON f.rowid = r.search_rowid AND f.path = r.path",
        })
        {
            await using var cmd = state.Command(sql);
            counts.Add(Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        return (counts[0], counts[1], counts[2]);
    }
}
