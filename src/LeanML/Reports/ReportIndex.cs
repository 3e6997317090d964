using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeanML.Storage;
using LeanML.Storage.Migrations;

namespace LeanML.Reports;

/// <summary>
/// The searchable index of the findings archive in the state store, re-indexed incrementally: a report whose bytes
/// hash as recorded is left alone, an edited one is re-indexed, a deleted one leaves the index. The engine's full-text
/// search ranks (SQLite FTS5 BM25; PostgreSQL ts_rank) and highlights.
/// </summary>
public sealed class ReportIndex(Database state) : MetadataStore(state)
{
    private static string Key => M702_ReportsSearch.Key;

    private static IReadOnlyList<FullTextColumn> Columns => M702_ReportsSearch.Columns;

    private FullTextSearch Search => Engine.FullText ?? throw new NotSupportedException($"{Engine.Name} has no full-text search.");

    /// <summary>Brings the index up to date with the files of <paramref name="folder"/> (paths stored relative to <paramref name="root"/>).</summary>
    public async Task<ReportIndexResult> RefreshAsync(string root, string folder, CancellationToken cancellationToken = default)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = Database.Command($"SELECT path, sha256 FROM {Table("reports")}"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                known[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal).ToList() : [];
        var changed = new List<ReportDocument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skipped = new List<string>();
        int added = 0, updated = 0, unchanged = 0;
        foreach (var file in files)
        {
            var path = Path.GetRelativePath(root, file).Replace('\\', '/');
            seen.Add(path);
            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (known.TryGetValue(path, out var old) && old == sha)
            {
                unchanged++;
                continue;
            }

            var document = ReportParser.Parse(path, text);
            if (document.FrontMatter is null)
            {
                // An invalid report is not searchable until fixed; an older indexed version of it is dropped.
                skipped.Add(path);
                seen.Remove(path);
                continue;
            }

            changed.Add(document);
            _ = known.ContainsKey(path) ? updated++ : added++;
        }

        var removed = known.Keys.Where(p => !seen.Contains(p)).ToList();
        if (changed.Count == 0 && removed.Count == 0)
        {
            return new ReportIndexResult(0, 0, 0, unchanged, skipped);
        }

        await using var tx = await Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var unindex = Search.Unindex(Engine, M702_ReportsSearch.Table, Key).Select(s => Prepare(s, tx)).ToList();
        var delete = Prepare($"DELETE FROM {Table("reports")} WHERE path = @key", tx);
        var insert = Prepare($"""
            INSERT INTO {Table("reports")} (path, sha256, title, authors, tags, project, status, created, tldr, body, indexed_at)
            VALUES (@key, @sha, @title, @authors, @tags, @project, @status, @created, @tldr, @body, @at)
            """, tx);
        var reindex = Search.Reindex(Engine, M702_ReportsSearch.Table, Key, Columns).Select(s => Prepare(s, tx)).ToList();
        var at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        try
        {
            // A new report has no row or entry to drop.
            foreach (var path in removed.Concat(changed.Select(d => d.Path).Where(known.ContainsKey)))
            {
                foreach (var cmd in unindex.Append(delete))
                {
                    cmd.Parameters["key"].Value = path;
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var d in changed)
            {
                var f = d.FrontMatter!;
                var p = insert.Parameters;
                p["key"].Value = d.Path;
                p["sha"].Value = d.Sha256;
                p["title"].Value = f.Title;
                p["authors"].Value = Joined(f.Authors);
                p["tags"].Value = Joined(f.Tags);
                p["project"].Value = (object?)f.Project ?? DBNull.Value;
                p["status"].Value = f.Status;
                p["created"].Value = f.Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                p["tldr"].Value = f.Tldr;
                p["body"].Value = d.Body;
                p["at"].Value = at;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                foreach (var cmd in reindex)
                {
                    cmd.Parameters["key"].Value = d.Path;
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var cmd in unindex.Concat(reindex).Append(delete).Append(insert))
            {
                await cmd.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new ReportIndexResult(added, updated, removed.Count, unchanged, skipped);
    }

    /// <summary>Searches the index: ranked hits with a highlighted snippet, filtered by author, tag, project and date.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filters = new List<string> { "1 = 1" };
        if (request.Author is not null)
        {
            filters.Add("LOWER(r.authors) LIKE @author ESCAPE '!'");
        }

        if (request.Tag is not null)
        {
            filters.Add("LOWER(r.tags) LIKE @tag ESCAPE '!'");
        }

        if (request.Project is not null)
        {
            filters.Add("r.project = @project");
        }

        if (request.After is not null)
        {
            filters.Add("r.created >= @after");
        }

        var filter = string.Join(" AND ", filters);
        var query = Search.PrepareQuery(request.Query);
        var ranked = new List<(string Path, double Rank, string Snippet)>();
        var sql = query.Length == 0
            ? $"SELECT r.path, 0, r.tldr FROM {Table("reports")} r WHERE {filter} ORDER BY r.created DESC, r.path LIMIT @limit"
            : Search.Query(Engine, M702_ReportsSearch.Table, Key, Columns, filter, ["tldr", "body"]);
        await using (var cmd = Database.Command(sql))
        {
            if (query.Length > 0)
            {
                cmd.Bind("@q", query);
            }

            BindFilters(cmd, request);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ranked.Add((reader.GetString(0), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture), reader.IsDBNull(2) ? "" : reader.GetString(2)));
            }
        }

        if (ranked.Count == 0)
        {
            return [];
        }

        var rows = new Dictionary<string, SearchHit>(StringComparer.Ordinal);
        await using (var meta = Database.Command($"SELECT path, title, authors, created, project, tags, status FROM {Table("reports")} WHERE path IN ({string.Join(", ", ranked.Select((_, i) => $"@p{i}"))})"))
        {
            for (var i = 0; i < ranked.Count; i++)
            {
                meta.Bind($"@p{i}", ranked[i].Path);
            }

            await using var reader = await meta.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetString(0)] = new SearchHit(reader.GetString(0), reader.GetString(1), Split(reader.GetString(2)), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), Split(reader.GetString(5)), reader.GetString(6), 0, "");
            }
        }

        return ranked.Where(r => rows.ContainsKey(r.Path)).Select(r => rows[r.Path] with { Rank = r.Rank, Snippet = Clean(r.Snippet) }).ToList();
    }

    private void BindFilters(DbCommand cmd, SearchRequest request)
    {
        if (request.Author is not null)
        {
            cmd.Bind("@author", "%|" + Like(request.Author.ToLowerInvariant()) + "|%");
        }

        if (request.Tag is not null)
        {
            cmd.Bind("@tag", "%|" + Like(request.Tag.ToLowerInvariant()) + "|%");
        }

        if (request.Project is not null)
        {
            cmd.Bind("@project", request.Project);
        }

        if (request.After is { } after)
        {
            cmd.Bind("@after", after.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        cmd.Bind("@limit", request.Limit);
    }

    private DbCommand Prepare(string sql, DbTransaction tx)
    {
        var cmd = Database.Command(sql, tx);
        foreach (var name in new[] { "key", "sha", "title", "authors", "tags", "project", "status", "created", "tldr", "body", "at" })
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
            {
                cmd.Bind("@" + name, null);
            }
        }

        return cmd;
    }

    // Lists are stored between '|' marks ("|ana@acme.example|bo@acme.example|") so a LIKE finds one whole element.
    private static string Joined(IReadOnlyList<string> items) => "|" + string.Join('|', items.Select(i => i.Trim())) + "|";

    private static IReadOnlyList<string> Split(string joined) => joined.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static string Like(string value) =>
        value.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);

    // A snippet is one line of text: the Markdown's line breaks become spaces.
    private static string Clean(string snippet) => string.Join(' ', snippet.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
