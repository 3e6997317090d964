using System.Globalization;

namespace LeanML.Examples;

/// <summary>RFC 4180 field writing and the number formats of the example exports.</summary>
internal static class CsvText
{
    /// <summary>Writes one field, quoted when it holds a comma, quote or line break.</summary>
    public static void Field(TextWriter w, string? value, bool last = false)
    {
        if (!string.IsNullOrEmpty(value))
        {
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                w.Write('"');
                w.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                w.Write('"');
            }
            else
            {
                w.Write(value);
            }
        }

        w.Write(last ? '\n' : ',');
    }

    /// <summary>A header line.</summary>
    public static void Header(TextWriter w, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            Field(w, names[i], i == names.Count - 1);
        }
    }

    /// <summary>A money amount: "1234.50", or the messy spreadsheet form "$1,234.50".</summary>
    public static string Money(decimal amount, bool messy) =>
        messy ? "$" + amount.ToString("#,##0.00", CultureInfo.InvariantCulture) : amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stripe's dashboard timestamp: "2026-09-28 14:03:11" (UTC).</summary>
    public static string StripeTime(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 UTC: "2026-09-28T14:03:11Z".</summary>
    public static string IsoTime(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
