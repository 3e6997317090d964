using LeanML.Storage;

namespace LeanML.Transforms;

/// <summary>
/// Splits SQL into words, quoted identifiers, numbers and symbols, dropping string literals (including E'...' with
/// backslash escapes and $tag$ bodies) and comments (-- to the end of the line, nested /* */), by the lexical rules
/// DuckDB and PostgreSQL share (skipped by <see cref="SqlStatements"/>'s own helpers, which find a statement's end).
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
                i = SqlStatements.EndOfBlockComment(sql, i);
            }
            else if (c == '\'')
            {
                var backslash = i > 0 && sql[i - 1] is 'e' or 'E' && (i < 2 || !SqlStatements.IsWordChar(sql[i - 2]));
                if (backslash && tokens.Count > 0 && tokens[^1].Kind == SqlTokenKind.Word && tokens[^1].Text is "e" or "E")
                {
                    tokens.RemoveAt(tokens.Count - 1);   // the E of E'...' was read as a word
                }

                i = SqlStatements.EndOfQuoted(sql, i, '\'', backslash);
            }
            else if (c == '"')
            {
                i = SqlStatements.EndOfQuoted(sql, i, '"', backslashEscapes: false);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[start..i], line));
            }
            else if (c == '$' && (i == 0 || !SqlStatements.IsWordChar(sql[i - 1])) && SqlStatements.EndOfDollarQuoted(sql, i) is var end && end > i + 1)
            {
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < sql.Length && (SqlStatements.IsWordChar(sql[i]) || sql[i] == '$'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], line));
            }
            else if (char.IsDigit(c) || c == '$' || c == '@' || c == '?')
            {
                i++;
                while (i < sql.Length && (SqlStatements.IsWordChar(sql[i]) || sql[i] == '.'))
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
}
