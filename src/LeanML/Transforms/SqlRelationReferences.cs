namespace LeanML.Transforms;

/// <summary>
/// Finds the relations a SELECT reads from its text: the names after FROM and JOIN (and after the commas of a FROM
/// list), outside string literals, comments and dollar-quoted bodies, minus the names of its own CTEs. Quoted
/// identifiers keep their case and may hold anything; unquoted ones fold to lower case. A name followed by "(" is a
/// table function (read_csv, generate_series), not a relation; a FROM inside a function's parentheses
/// (EXTRACT(year FROM d), SUBSTRING(s FROM 2), IS DISTINCT FROM) is not a relation's either.
/// </summary>
public static class SqlRelationReferences
{
    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "where", "group", "having", "order", "limit", "offset", "union", "except", "intersect", "window", "qualify",
        "join", "inner", "left", "right", "full", "cross", "natural", "on", "using", "lateral", "positional", "asof",
        "anti", "semi", "fetch", "for", "returning", "select", "from", "as", "pivot", "unpivot", "sample", "tablesample",
    };

    /// <summary>The relations <paramref name="sql"/> reads, in order of appearance, each once.</summary>
    public static IReadOnlyList<RelationReference> Find(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = SqlTokenizer.Tokenize(sql);
        var ctes = CteNames(tokens);
        var found = new List<RelationReference>();
        var seen = new HashSet<(string?, string)>();
        // Per parenthesis depth: has a SELECT (or WITH) opened a query at this depth? A FROM counts only then, or at depth 0
        // (DuckDB's FROM-first queries).
        var queryAtDepth = new List<bool> { false };
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == SqlTokenKind.Symbol && t.Text == "(")
            {
                queryAtDepth.Add(false);
                continue;
            }

            if (t.Kind == SqlTokenKind.Symbol && t.Text == ")")
            {
                if (queryAtDepth.Count > 1)
                {
                    queryAtDepth.RemoveAt(queryAtDepth.Count - 1);
                }

                continue;
            }

            if (t.Kind != SqlTokenKind.Word)
            {
                continue;
            }

            if (t.Is("select") || t.Is("with"))
            {
                queryAtDepth[^1] = true;
                continue;
            }

            var isFrom = t.Is("from") && (queryAtDepth.Count == 1 || queryAtDepth[^1]) && !(i > 0 && tokens[i - 1].Is("distinct"));
            var isJoin = t.Is("join");
            if (!isFrom && !isJoin)
            {
                continue;
            }

            // One item after JOIN; a comma-separated list after FROM.
            var j = i + 1;
            while (true)
            {
                j = ReadItem(tokens, j, ctes, found, seen);
                if (!isFrom || j >= tokens.Count || !(tokens[j].Kind == SqlTokenKind.Symbol && tokens[j].Text == ","))
                {
                    break;
                }

                j++;
            }
        }

        return found;
    }

    // Reads one FROM item starting at j: a (qualified) name or a parenthesised subquery, then an optional alias with
    // its column list; returns the index after it. Names are recorded; subqueries are left for the main loop.
    private static int ReadItem(List<SqlToken> tokens, int j, HashSet<string> ctes, List<RelationReference> found, HashSet<(string?, string)> seen)
    {
        if (j < tokens.Count && tokens[j].Is("lateral"))
        {
            j++;
        }

        if (j >= tokens.Count)
        {
            return j;
        }

        if (tokens[j].Kind == SqlTokenKind.Symbol && tokens[j].Text == "(")
        {
            // A subquery: the main loop walks into it; the item continues after the matching parenthesis.
            return SkipAlias(tokens, MatchingParen(tokens, j) + 1);
        }

        if (tokens[j].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) || (tokens[j].Kind == SqlTokenKind.Word && ClauseWords.Contains(tokens[j].Text)))
        {
            return j;
        }

        var parts = new List<SqlToken> { tokens[j] };
        j++;
        while (j + 1 < tokens.Count && tokens[j].Kind == SqlTokenKind.Symbol && tokens[j].Text == "." && tokens[j + 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            parts.Add(tokens[j + 1]);
            j += 2;
        }

        if (j < tokens.Count && tokens[j].Kind == SqlTokenKind.Symbol && tokens[j].Text == "(")
        {
            // A table function: its arguments are read by the main loop.
            return j;
        }

        var last = parts[^1];
        var name = last.Value;
        var schema = parts.Count >= 2 ? parts[^2].Value : null;
        if (!(schema is null && !last.Quoted && ctes.Contains(name)) && !(schema is null && last.Quoted && ctes.Contains(name)))
        {
            if (seen.Add((schema, name)))
            {
                found.Add(new RelationReference(schema, name, last.Quoted, parts[0].Line));
            }
        }

        return SkipAlias(tokens, j);
    }

    private static int SkipAlias(List<SqlToken> tokens, int j)
    {
        if (j < tokens.Count && tokens[j].Is("as"))
        {
            j++;
        }

        if (j < tokens.Count && (tokens[j].Kind == SqlTokenKind.QuotedIdentifier || (tokens[j].Kind == SqlTokenKind.Word && !ClauseWords.Contains(tokens[j].Text))))
        {
            j++;
            if (j < tokens.Count && tokens[j].Kind == SqlTokenKind.Symbol && tokens[j].Text == "(")
            {
                j = MatchingParen(tokens, j) + 1;
            }
        }

        return j;
    }

    private static int MatchingParen(List<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var k = open; k < tokens.Count; k++)
        {
            if (tokens[k].Kind != SqlTokenKind.Symbol)
            {
                continue;
            }

            if (tokens[k].Text == "(")
            {
                depth++;
            }
            else if (tokens[k].Text == ")" && --depth == 0)
            {
                return k;
            }
        }

        return tokens.Count - 1;
    }

    // CTE names: NAME [ (columns) ] AS [NOT] [MATERIALIZED] ( ...
    private static HashSet<string> CteNames(List<SqlToken> tokens)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (tokens[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier))
            {
                continue;
            }

            var j = i + 1;
            if (tokens[j].Kind == SqlTokenKind.Symbol && tokens[j].Text == "(")
            {
                j = MatchingParen(tokens, j) + 1;
            }

            if (j >= tokens.Count || !tokens[j].Is("as"))
            {
                continue;
            }

            j++;
            if (j < tokens.Count && tokens[j].Is("not"))
            {
                j++;
            }

            if (j < tokens.Count && tokens[j].Is("materialized"))
            {
                j++;
            }

            if (j < tokens.Count && tokens[j].Kind == SqlTokenKind.Symbol && tokens[j].Text == "(" && j + 1 < tokens.Count && (tokens[j + 1].Is("select") || tokens[j + 1].Is("with") || tokens[j + 1].Is("from") || tokens[j + 1].Is("values") || (tokens[j + 1].Kind == SqlTokenKind.Symbol && tokens[j + 1].Text == "(")))
            {
                names.Add(tokens[i].Value);
            }
        }

        return names;
    }
}
