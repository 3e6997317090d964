using System.Globalization;

namespace LeanML.Storage.Sqlite;

/// <summary>
/// SQLite FTS5 beside the table (an index kept row by row, each row holding its entry's rowid), ranked by bm25() with
/// column weights, snippet() for the highlight.
/// </summary>
public sealed class SqliteFullTextSearch : FullTextSearch
{
    // The row's link to its FTS5 entry. The key is an UNINDEXED column of the entry: looking an entry up by key reads
    // every entry's stored text, so rows and entries meet by this integer instead (M703).
    private const string Link = "search_rowid";

    /// <summary>The one instance.</summary>
    public static SqliteFullTextSearch Instance { get; } = new();

    /// <inheritdoc/>
    public override IEnumerable<string> CreateIndex(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns)
    {
        // Porter stemming over unicode61 tokens: "churned" finds "churn".
        yield return $"CREATE VIRTUAL TABLE {Index(engine, table)} USING fts5({engine.Quote(key)} UNINDEXED, {string.Join(", ", columns.Select(c => engine.Quote(c.Name)))}, tokenize = 'porter unicode61')";
    }

    /// <inheritdoc/>
    public override IEnumerable<string> LinkRows(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns)
    {
        var index = Index(engine, table);
        var names = string.Join(", ", columns.Select(c => engine.Quote(c.Name)));
        yield return $"ALTER TABLE {engine.Meta(table)} ADD COLUMN {Link} INTEGER";
        // The entries are written again with the rows' current rowids and linked in one pass (linear), rather than
        // each row looking its entry up by key (a scan of all entries per row).
        yield return $"DELETE FROM {index}";
        yield return $"INSERT INTO {index} (rowid, {engine.Quote(key)}, {names}) SELECT rowid, {engine.Quote(key)}, {names} FROM {engine.Meta(table)}";
        yield return $"UPDATE {engine.Meta(table)} SET {Link} = rowid";
        yield return $"CREATE INDEX {engine.MetaIndex(table + "_search")} ON {engine.Meta(table)} ({Link}, {engine.Quote(key)})";
    }

    /// <inheritdoc/>
    public override IEnumerable<string> Reindex(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns)
    {
        foreach (var statement in Unindex(engine, table, key))
        {
            yield return statement;
        }

        var names = string.Join(", ", columns.Select(c => engine.Quote(c.Name)));
        yield return $"INSERT INTO {Index(engine, table)} ({engine.Quote(key)}, {names}) SELECT {engine.Quote(key)}, {names} FROM {engine.Meta(table)} WHERE {engine.Quote(key)} = @key";
        // An FTS5 insert sets last_insert_rowid() as a table's does: the entry just written.
        yield return $"UPDATE {engine.Meta(table)} SET {Link} = last_insert_rowid() WHERE {engine.Quote(key)} = @key";
    }

    /// <inheritdoc/>
    public override IEnumerable<string> Unindex(StorageEngine engine, string table, string key)
    {
        yield return $"DELETE FROM {Index(engine, table)} WHERE rowid = (SELECT {Link} FROM {engine.Meta(table)} WHERE {engine.Quote(key)} = @key)";
    }

    /// <inheritdoc/>
    public override string Query(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns, string filter, IReadOnlyList<string> snippetColumns)
    {
        var index = Index(engine, table);
        // bm25() is lower for better matches; the key column is not searched (weight 0).
        var weights = string.Join(", ", new[] { "0" }.Concat(columns.Select(c => Weight(c.Weight).ToString(CultureInfo.InvariantCulture))));
        var snippetColumn = columns.ToList().FindIndex(c => c.Name == snippetColumns[^1]) + 1;
        // Ranked first, highlighted after: snippet() re-reads an entry's text, and in one SELECT with ORDER BY ... LIMIT
        // SQLite evaluates it for every match before sorting. The second MATCH, on the top rowids only, is what
        // snippet() needs to know the matched words.
        return $"""
            WITH top AS (
              SELECT {index}.rowid AS id, r.{engine.Quote(key)} AS k, bm25({index}, {weights}) AS score
              FROM {index} JOIN {engine.Meta(table)} r ON r.{Link} = {index}.rowid
              WHERE {index} MATCH @q AND ({filter})
              ORDER BY score, r.{engine.Quote(key)}
              LIMIT @limit)
            SELECT top.k, -top.score AS rank, snippet({index}, {snippetColumn}, '{Mark}', '{Mark}', '…', 16) AS snippet
            FROM top CROSS JOIN {index} ON {index}.rowid = top.id
            WHERE {index} MATCH @q
            ORDER BY top.score, top.k
            """;
    }

    /// <inheritdoc/>
    public override string PrepareQuery(string query) => string.Join(' ', Words(query).Select(w => "\"" + w + "\""));

    private static int Weight(char weight) => weight switch { 'A' => 10, 'B' => 5, 'C' => 2, _ => 1 };

    private static string Index(StorageEngine engine, string table) => engine.Meta(table + "_fts");
}
