using System.Globalization;

namespace LeanML.Storage.Sqlite;

/// <summary>SQLite FTS5 beside the table (an external index kept row by row), ranked by bm25() with column weights, snippet() for the highlight.</summary>
public sealed class SqliteFullTextSearch : FullTextSearch
{
    /// <summary>The one instance.</summary>
    public static SqliteFullTextSearch Instance { get; } = new();

    /// <inheritdoc/>
    public override IEnumerable<string> CreateIndex(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns)
    {
        // Porter stemming over unicode61 tokens: "churned" finds "churn".
        yield return $"CREATE VIRTUAL TABLE {Index(engine, table)} USING fts5({engine.Quote(key)} UNINDEXED, {string.Join(", ", columns.Select(c => engine.Quote(c.Name)))}, tokenize = 'porter unicode61')";
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
    }

    /// <inheritdoc/>
    public override IEnumerable<string> Unindex(StorageEngine engine, string table, string key)
    {
        yield return $"DELETE FROM {Index(engine, table)} WHERE {engine.Quote(key)} = @key";
    }

    /// <inheritdoc/>
    public override string Query(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns, string filter, IReadOnlyList<string> snippetColumns)
    {
        var index = Index(engine, table);
        // bm25() is lower for better matches; the key column is not searched (weight 0).
        var weights = string.Join(", ", new[] { "0" }.Concat(columns.Select(c => Weight(c.Weight).ToString(CultureInfo.InvariantCulture))));
        var snippetColumn = columns.ToList().FindIndex(c => c.Name == snippetColumns[^1]) + 1;
        return $"""
            SELECT r.{engine.Quote(key)}, -bm25({index}, {weights}) AS rank, snippet({index}, {snippetColumn}, '{Mark}', '{Mark}', '…', 16) AS snippet
            FROM {index} JOIN {engine.Meta(table)} r ON r.{engine.Quote(key)} = {index}.{engine.Quote(key)}
            WHERE {index} MATCH @q AND ({filter})
            ORDER BY bm25({index}, {weights}), r.{engine.Quote(key)}
            LIMIT @limit
            """;
    }

    /// <inheritdoc/>
    public override string PrepareQuery(string query) => string.Join(' ', Words(query).Select(w => "\"" + w + "\""));

    private static int Weight(char weight) => weight switch { 'A' => 10, 'B' => 5, 'C' => 2, _ => 1 };

    private static string Index(StorageEngine engine, string table) => engine.Meta(table + "_fts");
}
