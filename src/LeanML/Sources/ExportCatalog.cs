using LeanML.Sources.Internal;

namespace LeanML.Sources;

/// <summary>
/// Every vendor export LeanML recognises, and recognition itself: by header names (case-insensitive, spaces and
/// underscores alike, in any order, with each field's aliases), never by column position.
/// </summary>
public static class ExportCatalog
{
    /// <summary>Every known export.</summary>
    public static IReadOnlyList<VendorExport> All { get; } =
    [
        StripeExports.Payments, StripeExports.Customers, StripeExports.Subscriptions, StripeExports.ApiCharges,
        SquareExports.Transactions, SquareExports.Customers,
        HubSpotExports.Contacts, HubSpotExports.Companies, HubSpotExports.Deals,
        SalesforceExports.Contacts, SalesforceExports.Accounts, SalesforceExports.Opportunities, SalesforceExports.History,
    ];

    /// <summary>The export an adapter name names (<c>stripe_payments</c>), or null.</summary>
    public static VendorExport? Find(string id) => All.FirstOrDefault(e => string.Equals(e.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The export a header is: every signature field present; when several are, the one whose fields cover the most
    /// of the header. Null when none is.
    /// </summary>
    public static ExportMatch? Recognise(IEnumerable<string> headers)
    {
        var list = headers.ToList();
        ExportMatch? best = null;
        var bestScore = -1.0;
        foreach (var export in All)
        {
            if (Match(export, list) is { } match && match.Columns.Count / (double)export.Fields.Count + match.Columns.Count / (double)list.Count is var score && score > bestScore)
            {
                (best, bestScore) = (match, score);
            }
        }

        return best;
    }

    /// <summary>The header's columns for an export's fields, when it has every signature field; else null.</summary>
    public static ExportMatch? Match(VendorExport export, IReadOnlyList<string> headers)
    {
        var columns = Columns(export, headers);
        return export.Signature.All(columns.ContainsKey) ? new ExportMatch(export, columns) : null;
    }

    /// <summary>
    /// For a header no export matches: the nearest export when the header has most of its signature (all but at
    /// most two fields, and at least three of them), with the columns that differ. Null when nothing is near: most
    /// files are not vendor exports and get no hint.
    /// </summary>
    public static ExportHint? Nearest(IEnumerable<string> headers)
    {
        var list = headers.ToList();
        ExportHint? best = null;
        var bestHave = 0;
        foreach (var export in All)
        {
            var columns = Columns(export, list);
            var have = export.Signature.Count(columns.ContainsKey);
            var missing = export.Signature.Where(k => !columns.ContainsKey(k)).Select(k => export.Field(k).Headers[0]).ToList();
            if (missing.Count is >= 1 and <= 2 && have >= 3 && have > bestHave)
            {
                var used = new HashSet<string>(columns.Values, StringComparer.Ordinal);
                bestHave = have;
                best = new ExportHint(export, missing, list.Where(h => !used.Contains(h)).Take(8).ToList());
            }
        }

        return best;
    }

    private static Dictionary<string, string> Columns(VendorExport export, IReadOnlyList<string> headers)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in headers)
        {
            byName.TryAdd(Fields.Normalize(h), h);
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in export.Fields)
        {
            foreach (var alias in field.Headers)
            {
                if (byName.TryGetValue(Fields.Normalize(alias), out var header))
                {
                    columns[field.Key] = header;
                    break;
                }
            }
        }

        return columns;
    }
}
