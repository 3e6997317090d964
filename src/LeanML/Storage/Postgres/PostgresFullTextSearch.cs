namespace LeanML.Storage.Postgres;

/// <summary>PostgreSQL full-text search: a weighted tsvector column with a GIN index, plainto_tsquery (every word required, no operators), ts_rank and ts_headline.</summary>
public sealed class PostgresFullTextSearch : FullTextSearch
{
    private const string Document = "search_document";

    /// <summary>The one instance.</summary>
    public static PostgresFullTextSearch Instance { get; } = new();

    /// <inheritdoc/>
    public override IEnumerable<string> CreateIndex(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns)
    {
        yield return $"ALTER TABLE {engine.Meta(table)} ADD COLUMN {Document} tsvector";
        yield return $"CREATE INDEX {engine.MetaIndex(table + "_search")} ON {engine.Meta(table)} USING GIN ({Document})";
    }

    /// <inheritdoc/>
    public override IEnumerable<string> Reindex(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns)
    {
        var vector = string.Join(" || ", columns.Select(c => $"setweight(to_tsvector('english', COALESCE({engine.Quote(c.Name)}, '')), '{c.Weight}')"));
        yield return $"UPDATE {engine.Meta(table)} SET {Document} = {vector} WHERE {engine.Quote(key)} = @key";
    }

    /// <inheritdoc/>
    public override IEnumerable<string> Unindex(StorageEngine engine, string table, string key) => [];

    /// <inheritdoc/>
    public override string Query(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns, string filter, IReadOnlyList<string> snippetColumns)
    {
        var text = string.Join(" || ' ' || ", snippetColumns.Select(c => $"COALESCE(top.{engine.Quote(c)}, '')"));
        // The headline is made for the returned rows only: it re-parses the text, which ranking does not need.
        return $"""
            SELECT top.{engine.Quote(key)}, top.rank,
                   ts_headline('english', {text}, top.q, 'StartSel={Mark}, StopSel={Mark}, MaxWords=24, MinWords=10, MaxFragments=1') AS snippet
            FROM (
              SELECT r.*, ts_rank(r.{Document}, q) AS rank, q
              FROM {engine.Meta(table)} r, plainto_tsquery('english', @q) q
              WHERE r.{Document} @@ q AND ({filter})
              ORDER BY rank DESC, r.{engine.Quote(key)}
              LIMIT @limit
            ) top
            ORDER BY top.rank DESC, top.{engine.Quote(key)}
            """;
    }

    /// <inheritdoc/>
    public override string PrepareQuery(string query) => string.Join(' ', Words(query));
}
