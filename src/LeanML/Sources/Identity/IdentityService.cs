using System.Data.Common;
using System.Globalization;
using System.Text;
using LeanML.Storage;

namespace LeanML.Sources.Identity;

/// <summary>
/// The person behind the canonical <c>customers</c> rows: <c>identity_links</c> (which source records joined under
/// which person_key, and why), rebuilt whenever customers change; and the conflicts review.
/// </summary>
public static class IdentityService
{
    /// <summary>The identity_links table: one row per customers record.</summary>
    public const string LinksTable = "identity_links";

    private static readonly (string Name, string Type)[] LinkColumns =
    [
        ("person_key", "text"), ("source_vendor", "text"), ("source_id", "text"), ("email", "text"),
        ("rule", "text"), ("reason", "text"), ("records_linked", "bigint"),
    ];

    private static readonly string[] CompanySuffixes = ["inc", "llc", "ltd", "limited", "gmbh", "corp", "corporation", "co", "sa", "bv", "plc", "ag", "srl", "company"];

    /// <summary>Rebuilds identity_links from customers inside <paramref name="transaction"/>.</summary>
    public static async Task RefreshLinksAsync(Database warehouse, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        var e = warehouse.Engine;
        await using (var exists = warehouse.Command("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @schema AND table_name = @table", transaction))
        {
            exists.Bind("schema", e.UserSchema ?? "main").Bind("table", LinksTable);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                var columns = string.Join(", ", LinkColumns.Select(c => $"{e.Quote(c.Name)} {(c.Type == "bigint" ? e.BigInt : e.Text)}"));
                await using var create = warehouse.Command($"CREATE TABLE {e.Quote(LinksTable)} ({columns})", transaction);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var clear = warehouse.Command($"DELETE FROM {e.Quote(LinksTable)}", transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var sql = $"""
            INSERT INTO {e.Quote(LinksTable)} (person_key, source_vendor, source_id, email, rule, reason, records_linked)
            SELECT c.person_key, c.source_vendor, c.source_id, c.email,
                   c.identity_rule,
                   CASE c.identity_rule
                     WHEN 'role_address' THEN 'role address (shared by many people): kept apart, never merged'
                     WHEN 'no_email' THEN 'no e-mail: a person of its own'
                     WHEN 'gmail_folding' THEN 'same Gmail mailbox once dots and +tags are folded'
                     ELSE CASE WHEN n.records > 1 THEN 'same e-mail (trimmed, lower-cased)' ELSE 'the only record with this e-mail' END
                   END,
                   n.records
            FROM customers c
            JOIN (SELECT person_key, COUNT(*) AS records FROM customers GROUP BY person_key) n ON n.person_key = c.person_key
            """;
        await using var insert = warehouse.Command(sql, transaction);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// E-mails shared by records that name different people or companies (names and companies compared without case,
    /// punctuation or legal suffixes; a blank never conflicts). Role addresses are not people and are left out.
    /// </summary>
    public static async Task<IReadOnlyList<IdentityConflict>> ConflictsAsync(Database warehouse, CancellationToken cancellationToken = default)
    {
        if (!await CustomersExistAsync(warehouse, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var groups = new Dictionary<string, List<(IdentityRecord Record, string Email)>>(StringComparer.Ordinal);
        await using (var cmd = warehouse.Command("""
            SELECT c.person_key, c.source_vendor, c.source_id, c.email, c.first_name, c.last_name, c.customer_name, c.customer_company, c.source_file, c.source_line
            FROM customers c
            WHERE c.identity_rule IN ('email', 'gmail_folding')
              AND c.person_key IN (SELECT person_key FROM customers GROUP BY person_key HAVING COUNT(*) > 1)
            ORDER BY c.person_key, c.source_vendor, c.source_id
            """))
        {
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                string? S(int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);
                var first = S(4);
                var last = S(5);
                var name = first is null && last is null ? S(6) : string.Join(' ', new[] { first, last }.Where(x => x is not null));
                var record = new IdentityRecord(S(1)!, S(2)!, S(3), name, S(7), S(8), r.IsDBNull(9) ? null : Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture));
                var key = S(0)!;
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                }

                list.Add((record, (S(3) ?? "").Trim().ToLowerInvariant()));
            }
        }

        var conflicts = new List<IdentityConflict>();
        foreach (var (key, list) in groups)
        {
            var names = Distinct(list.Select(x => x.Record.Name), NormalizeName);
            var companies = Distinct(list.Select(x => x.Record.Company), NormalizeCompany);
            var reasons = new List<string>();
            if (names.Count > 1)
            {
                reasons.Add($"{names.Count} names: {string.Join(", ", names.Select(n => $"'{n}'"))}");
            }

            if (companies.Count > 1)
            {
                reasons.Add($"{companies.Count} companies: {string.Join(", ", companies.Select(c => $"'{c}'"))}");
            }

            if (reasons.Count > 0)
            {
                conflicts.Add(new IdentityConflict(list.Select(x => x.Email).Order(StringComparer.Ordinal).First(), key, string.Join("; ", reasons), list.Select(x => x.Record).ToList()));
            }
        }

        return conflicts.OrderBy(c => c.Email, StringComparer.Ordinal).ToList();
    }

    private static async Task<bool> CustomersExistAsync(Database warehouse, CancellationToken ct)
    {
        await using var cmd = warehouse.Command("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'customers' AND column_name = 'person_key'");
        cmd.Bind("schema", warehouse.Engine.UserSchema ?? "main");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    // The first spelling of each distinct normalised value, blanks left out.
    private static List<string> Distinct(IEnumerable<string?> values, Func<string, string> normalize)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (!string.IsNullOrWhiteSpace(v) && normalize(v) is { Length: > 0 } n)
            {
                seen.TryAdd(n, v.Trim());
            }
        }

        return seen.Values.ToList();
    }

    /// <summary>A name without case, punctuation or extra spaces ("  ANA  lópez." → "ana lópez").</summary>
    public static string NormalizeName(string name) => Words(name, []);

    /// <summary>A company without case, punctuation or legal suffix ("Acme, Inc." → "acme").</summary>
    public static string NormalizeCompany(string company) => Words(company, CompanySuffixes);

    private static string Words(string text, string[] dropAtEnd)
    {
        var b = new StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            b.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        }

        var words = b.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && dropAtEnd.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
    }
}
