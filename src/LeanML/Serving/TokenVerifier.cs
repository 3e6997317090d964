using System.Security.Cryptography;
using System.Text;

namespace LeanML.Serving;

/// <summary>
/// Checks bearer tokens against the active token hashes in constant time (every stored hash is compared, each with
/// CryptographicOperations.FixedTimeEquals). Immutable; the server swaps a new one when tokens change.
/// </summary>
public sealed class TokenVerifier
{
    private readonly (byte[] Hash, TokenScope Scope)[] _tokens;

    /// <summary>Builds a verifier over the active tokens.</summary>
    public TokenVerifier(IEnumerable<ApiToken> tokens) =>
        _tokens = [.. tokens.Where(t => t.RevokedAt is null).Select(t => (Convert.FromHexString(t.Sha256), t.Scope))];

    /// <summary>True when at least one token is configured (then every call needs one).</summary>
    public bool Enabled => _tokens.Length > 0;

    /// <summary>The scope of a presented token, or null when it matches no active token.</summary>
    public TokenScope? Verify(ReadOnlySpan<char> presented)
    {
        Span<byte> utf8 = presented.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        var n = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..n], hash);
        TokenScope? found = null;
        foreach (var (stored, scope) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(stored, hash))
            {
                found = scope;
            }
        }

        return found;
    }

    /// <summary>Whether a token scope allows a required scope (admin allows everything).</summary>
    public static bool Allows(TokenScope granted, TokenScope required) => granted == TokenScope.Admin || granted == required;
}
