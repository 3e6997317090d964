using System.Security.Cryptography;
using System.Text;

namespace LeanML.Sources.Identity;

/// <summary>
/// One person per e-mail: the address trimmed and lower-cased; with Gmail folding, gmail.com/googlemail.com local
/// parts lose their dots and any +tag (Gmail delivers those to one mailbox). A role address (info@, billing@,
/// support@…) is shared by many people, so it never merges records: each keeps a key of its own.
/// </summary>
public static class EmailIdentity
{
    /// <summary>Local parts that name a function, not a person (RFC 2142's mailbox names and their common kin).</summary>
    public static IReadOnlySet<string> RoleLocalParts { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "info", "billing", "support", "sales", "admin", "administrator", "accounts", "accounting", "finance", "contact", "hello",
        "help", "office", "team", "noreply", "no-reply", "donotreply", "marketing", "hr", "jobs", "careers", "webmaster",
        "postmaster", "hostmaster", "abuse", "security", "legal", "invoices", "payments", "orders", "service", "enquiries",
        "inquiries", "press", "media", "it", "ops", "dev", "root", "mail", "all", "general", "reception", "customerservice",
    };

    /// <summary>The address trimmed and lower-cased; with <paramref name="gmailFolding"/>, a Gmail address folded; null when it is not an address.</summary>
    public static string? Normalize(string? email, bool gmailFolding, out bool folded)
    {
        folded = false;
        if (email is null)
        {
            return null;
        }

        var s = email.Trim().Trim('<', '>', '"', '\'').Trim().ToLowerInvariant();
        if (s.StartsWith("mailto:", StringComparison.Ordinal))
        {
            s = s[7..];
        }

        var at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1 || s.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }

        var local = s[..at];
        var domain = s[(at + 1)..];
        if (gmailFolding && domain is "gmail.com" or "googlemail.com")
        {
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            var bare = (plus >= 0 ? local[..plus] : local).Replace(".", "", StringComparison.Ordinal);
            var result = bare + "@gmail.com";
            folded = result != s;
            return result;
        }

        return s;
    }

    /// <summary>True when the address's local part (before any +tag) names a role, not a person.</summary>
    public static bool IsRole(string normalizedEmail)
    {
        var local = normalizedEmail[..normalizedEmail.LastIndexOf('@')];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        return RoleLocalParts.Contains(plus >= 0 ? local[..plus] : local);
    }

    /// <summary>The person of a record: from its e-mail, or (role address, no e-mail) from the record itself.</summary>
    public static PersonIdentity Resolve(string? email, string vendor, string sourceId, bool gmailFolding)
    {
        var normalized = Normalize(email, gmailFolding, out var folded);
        if (normalized is null)
        {
            return new PersonIdentity(Key("record", vendor + ":" + sourceId), "no_email", null);
        }

        if (IsRole(normalized))
        {
            return new PersonIdentity(Key("record", vendor + ":" + sourceId), "role_address", normalized);
        }

        return new PersonIdentity(Key("email", normalized), folded ? "gmail_folding" : "email", normalized);
    }

    // A short stable key: 'p_' and 16 hex digits of SHA-256 (64 bits: no collision expected below billions of people).
    private static string Key(string kind, string value) =>
        "p_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + value)))[..16];
}
