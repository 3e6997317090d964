namespace LeanML.Storage;

/// <summary>
/// An engine's full-text search over one metadata table keyed by a text column (the reports index): SQLite's FTS5
/// ranked by BM25, PostgreSQL's tsvector ranked by ts_rank with ts_headline snippets. The capability writes the
/// table's rows; the engine keeps its index of them and answers ranked queries with a highlighted snippet.
/// </summary>
public abstract class FullTextSearch
{
    /// <summary>The mark put before and after each matched word in a snippet.</summary>
    public const string Mark = "**";

    /// <summary>The statements (a migration's) that create the index of <paramref name="table"/>'s <paramref name="columns"/>, heaviest first.</summary>
    public abstract IEnumerable<string> CreateIndex(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns);

    /// <summary>
    /// The statements (a later migration's) that link each row of an index made by <see cref="CreateIndex"/> to its
    /// entry by an integer, so a match finds its row, and a row its entry, without reading the indexed text. None where
    /// the index is kept in the row itself (PostgreSQL's tsvector column).
    /// </summary>
    public virtual IEnumerable<string> LinkRows(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns) => [];

    /// <summary>The statements that (re)index the row whose key is the parameter <c>@key</c>, after it was written.</summary>
    public abstract IEnumerable<string> Reindex(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns);

    /// <summary>The statements that drop the row whose key is <c>@key</c> from the index, before the row is deleted.</summary>
    public abstract IEnumerable<string> Unindex(StorageEngine engine, string table, string key);

    /// <summary>
    /// A query returning <c>key, rank, snippet</c> for the rows matching the parameter <c>@q</c> (from
    /// <see cref="PrepareQuery"/>) and <paramref name="filter"/> (SQL over the table aliased <c>r</c>), best first,
    /// at most <c>@limit</c> rows; the snippet is taken from <paramref name="snippetColumns"/> with matches marked.
    /// </summary>
    public abstract string Query(StorageEngine engine, string table, string key, IReadOnlyList<FullTextColumn> columns, string filter, IReadOnlyList<string> snippetColumns);

    /// <summary>The user's words as the engine's query language takes them: plain words, all required, no operators.</summary>
    public abstract string PrepareQuery(string query);

    /// <summary>The words of a query: letters and digits, lower-cased.</summary>
    protected static IReadOnlyList<string> Words(string query)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in query)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
