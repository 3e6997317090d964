namespace LeanML.Transforms;

/// <summary>
/// Splits SQL into words, quoted identifiers, numbers and symbols, dropping string literals (including E'...' with
/// backslash escapes and $tag$ bodies) and comments (-- to the end of the line, nested /* */), by the lexical rules
/// DuckDB and PostgreSQL share (the same rules <see cref="Storage.SqlStatements"/> uses to find a statement's end).
/// </summary>
public static class SqlTokenizer
{
    /// <summary>The tokens of <paramref name="sql"/>.</summary>
    public static List<SqlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqlToken>();
        var line = 1;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var start = i;
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                i = sql.IndexOf('\n', i);
                i = i < 0 ? sql.Length : i;
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                i = EndOfBlockComment(sql, i);
            }
            else if (c == '\'')
            {
                var backslash = i > 0 && sql[i - 1] is 'e' or 'E' && (i < 2 || !IsWordChar(sql[i - 2]));
                if (backslash && tokens.Count > 0 && tokens[^1].Kind == SqlTokenKind.Word && tokens[^1].Text is "e" or "E")
                {
                    tokens.RemoveAt(tokens.Count - 1);   // the E of E'...' was read as a word
                }

                i = EndOfQuoted(sql, i, '\'', backslash);
            }
            else if (c == '"')
            {
                i = EndOfQuoted(sql, i, '"', backslashEscapes: false);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[start..i], line));
            }
            else if (c == '$' && (i == 0 || !IsWordChar(sql[i - 1])) && EndOfDollarQuoted(sql, i) is var end && end > i + 1)
            {
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == '$'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], line));
            }
            else if (char.IsDigit(c) || c == '$' || c == '@' || c == '?')
            {
                i++;
                while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i], line));
            }
            else
            {
                i++;
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, sql[start..i], line));
            }

            // Strings, comments and quoted identifiers may span lines.
            for (var k = start; k < i && k < sql.Length; k++)
            {
                if (sql[k] == '\n' && !(k == start && c == '\n'))
                {
                    line++;
                }
            }
        }

        return tokens;
    }

    private static bool At(string sql, int i, char c) => i < sql.Length && sql[i] == c;

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static int EndOfQuoted(string sql, int start, char quote, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    // Block comments nest in PostgreSQL and DuckDB.
    private static int EndOfBlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length - 1)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    // $tag$ ... $tag$ (the tag may be empty); returns start + 1 when '$' opens no such string (a parameter $1).
    private static int EndOfDollarQuoted(string sql, int start)
    {
        var j = start + 1;
        while (j < sql.Length && (char.IsLetter(sql[j]) || sql[j] == '_' || (j > start + 1 && char.IsDigit(sql[j]))))
        {
            j++;
        }

        if (j >= sql.Length || sql[j] != '$')
        {
            return start + 1;
        }

        var tag = sql[start..(j + 1)];
        var close = sql.IndexOf(tag, j + 1, StringComparison.Ordinal);
        return close < 0 ? sql.Length : close + tag.Length;
    }
}
