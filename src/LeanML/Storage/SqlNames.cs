using System.Text;

namespace LeanML.Storage;

/// <summary>Identifier quoting and name normalisation, done in exactly one place.</summary>
public static class SqlNames
{
    /// <summary>Quotes an identifier for SQLite and PostgreSQL alike ("a""b").</summary>
    public static string Quote(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        if (identifier.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(identifier));
        }

        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// Throws when <paramref name="table"/> names one of LeanML's own tables or the engines' (<c>leanml_*</c>,
    /// <c>leanml.*</c>, <c>sqlite_*</c>): no load or score output may ever replace them.
    /// </summary>
    public static void RefuseReserved(string table, string? file, string field)
    {
        if (string.IsNullOrWhiteSpace(table)
            || table.StartsWith("leanml_", StringComparison.OrdinalIgnoreCase)
            || table.StartsWith("leanml.", StringComparison.OrdinalIgnoreCase)
            || table.Equals("leanml", StringComparison.OrdinalIgnoreCase)
            || table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
            || table.Contains("__leanml_", StringComparison.OrdinalIgnoreCase))
        {
            throw new LeanMLInputException(
                $"'{table}' cannot be a table name: names starting with leanml_, leanml. or sqlite_ are reserved for LeanML's own tables. Choose another name with {field}.",
                file, field: field);
        }
    }

    /// <summary>
    /// Normalises a header or file name to snake_case: "Created (UTC)" → created_utc, "CustomerID" → customer_id,
    /// "Amount Refunded" → amount_refunded. Never empty; a leading digit gets a "c_" prefix.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        var text = name.Trim();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                // A word boundary inside camelCase or PascalCase: "customerId", "CustomerID" (but not inside "ID").
                if (char.IsUpper(c) && sb.Length > 0 && sb[^1] != '_')
                {
                    var prev = text[i - 1];
                    var nextIsLower = i + 1 < text.Length && char.IsLower(text[i + 1]);
                    if (char.IsLower(prev) || char.IsDigit(prev) || (char.IsUpper(prev) && nextIsLower))
                    {
                        sb.Append('_');
                    }
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        var result = sb.ToString().Trim('_');
        if (result.Length == 0)
        {
            return "column";
        }

        return char.IsDigit(result[0]) ? "c_" + result : result;
    }

    /// <summary>Makes normalised names unique by suffixing _2, _3, … in order of appearance.</summary>
    public static IReadOnlyList<string> Unique(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var candidate = name;
            for (var n = 2; !seen.Add(candidate); n++)
            {
                candidate = $"{name}_{n}";
            }

            result.Add(candidate);
        }

        return result;
    }
}
