namespace LeanML.Sources.Internal;

/// <summary>
/// Salesforce record ids: reports export the 15-character case-sensitive form, the API and Data Loader the
/// 18-character case-safe one. Joins need one form: the 18-character one, whose 3-character suffix encodes which of
/// the 15 characters are upper-case (Salesforce's documented algorithm: for each 5-character chunk, bit i is set when
/// character i is A–Z; the 5-bit value indexes "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345").
/// </summary>
internal static class SalesforceIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>The 18-character form of a 15-character id; an 18-character id (or anything else) as it is.</summary>
    public static string? To18(string? id)
    {
        if (id is null)
        {
            return null;
        }

        var s = id.Trim();
        if (s.Length != 15 || !s.All(char.IsAsciiLetterOrDigit))
        {
            return s.Length == 0 ? null : s;
        }

        Span<char> suffix = stackalloc char[3];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                if (char.IsAsciiLetterUpper(s[(chunk * 5) + i]))
                {
                    bits |= 1 << i;
                }
            }

            suffix[chunk] = Alphabet[bits];
        }

        return string.Concat(s, suffix);
    }
}
