namespace LeanML.Storage;

/// <summary>
/// Finds where one SQL statement ends, outside string literals, quoted identifiers, dollar-quoted strings and comments
/// (the lexical rules DuckDB and PostgreSQL share), so user SQL that must be one statement can be held to it.
/// </summary>
public static class SqlStatements
{
    /// <summary>
    /// Returns <paramref name="sql"/> without trailing semicolons when it holds exactly one statement; throws a
    /// <see cref="LeanMLInputException"/> naming the position of a second statement otherwise.
    /// </summary>
    public static string RequireOne(string sql, string field = "QUERY")
    {
        var end = EndOfFirst(sql);
        if (end < 0)
        {
            return sql;
        }

        var rest = SkipBlank(sql, end + 1);
        while (rest < sql.Length && sql[rest] == ';')
        {
            rest = SkipBlank(sql, rest + 1);
        }

        if (rest < sql.Length)
        {
            var (line, column) = Position(sql, rest);
            throw new LeanMLInputException(
                $"give one statement only: a second one starts at line {line}, column {column} ('{Excerpt(sql, rest)}'). Run each statement on its own.",
                field: field);
        }

        var body = sql[..end].TrimEnd();
        return body.Length == 0 ? throw new LeanMLInputException("the query is empty; give a SELECT, e.g. \"SELECT COUNT(*) FROM my_table\".", field: field) : body;
    }

    /// <summary>The index of the first semicolon that ends a statement, or -1 when there is none.</summary>
    public static int EndOfFirst(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case ';':
                    return i;
                case '\'':
                    // E'...' strings take backslash escapes; every string ends at a quote not doubled.
                    i = EndOfQuoted(sql, i, '\'', backslashEscapes: i > 0 && (sql[i - 1] is 'e' or 'E') && (i < 2 || !IsWordChar(sql[i - 2])));
                    break;
                case '"':
                    i = EndOfQuoted(sql, i, '"', backslashEscapes: false);
                    break;
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    i = sql.IndexOf('\n', i);
                    i = i < 0 ? sql.Length : i + 1;
                    break;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    i = EndOfBlockComment(sql, i);
                    break;
                case '$' when i == 0 || !IsWordChar(sql[i - 1]):
                    i = EndOfDollarQuoted(sql, i);
                    break;
                default:
                    i++;
                    break;
            }
        }

        return -1;
    }

    /// <summary>The index after a quoted string or identifier opened at <paramref name="start"/> (doubled quotes, and backslashes in an E-string, escape).</summary>
    internal static int EndOfQuoted(string sql, int start, char quote, bool backslashEscapes)
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

        return sql.Length;   // unterminated: the database reports it
    }

    /// <summary>The index after a block comment opened at <paramref name="start"/>; they nest in PostgreSQL and DuckDB.</summary>
    internal static int EndOfBlockComment(string sql, int start)
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

    /// <summary>The index after a $tag$ … $tag$ string (the tag may be empty); a '$' that opens none (a parameter $1) is one character.</summary>
    internal static int EndOfDollarQuoted(string sql, int start)
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

    private static int SkipBlank(string sql, int i)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                i = sql.IndexOf('\n', i);
                i = i < 0 ? sql.Length : i + 1;
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                i = EndOfBlockComment(sql, i);
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>A character of an unquoted identifier or keyword.</summary>
    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static (int Line, int Column) Position(string sql, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static string Excerpt(string sql, int index)
    {
        var text = sql[index..].ReplaceLineEndings(" ");
        return text.Length <= 40 ? text.TrimEnd() : text[..40] + "...";
    }
}
