namespace LeanML.Sources.Internal;

/// <summary>Builds an export's field list: <c>F("amount", "Amount", "amount")</c>.</summary>
internal static class Fields
{
    public static ExportField F(string key, params string[] headers) => new(key, headers);

    /// <summary>The trimmed, lower-cased header with runs of spaces as one (how headers are matched).</summary>
    public static string Normalize(string header)
    {
        var s = header.Trim().TrimStart('\uFEFF').ToLowerInvariant();
        var b = new System.Text.StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch) || ch == '_')
            {
                space = true;
                continue;
            }

            if (space && b.Length > 0)
            {
                b.Append(' ');
            }

            space = false;
            b.Append(ch);
        }

        return b.ToString();
    }
}
