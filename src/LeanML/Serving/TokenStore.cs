using System.Globalization;
using System.Security.Cryptography;
using LeanML.Storage;

namespace LeanML.Serving;

/// <summary>API tokens: 256 random bits shown once at creation, stored only as their SHA-256.</summary>
public sealed class TokenStore(Database warehouse) : MetadataStore(warehouse)
{
    /// <summary>The prefix of every token, so a leaked one is recognisable in logs and secret scanners.</summary>
    public const string Prefix = "lml_";

    /// <summary>Creates a token and returns its record and the token text (the only time it is visible).</summary>
    public async Task<(ApiToken Token, string Secret)> CreateAsync(TokenScope scope, string? name, CancellationToken cancellationToken = default)
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var id = Base64Url(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant().Replace('-', 'x').Replace('_', 'y');
        var token = new ApiToken(id, name ?? scope.ToString().ToLowerInvariant(), scope, Hash(secret), DateTimeOffset.UtcNow, null);
        await using var cmd = Database.Command($"INSERT INTO {Table("tokens")} (id, name, scope, token_sha256, created_at) VALUES (@id, @name, @scope, @hash, @at)");
        cmd.Bind("@id", token.Id);
        cmd.Bind("@name", token.Name);
        cmd.Bind("@scope", token.Scope.ToString().ToLowerInvariant());
        cmd.Bind("@hash", token.Sha256);
        cmd.Bind("@at", token.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return (token, secret);
    }

    /// <summary>Every token, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"SELECT id, name, scope, token_sha256, created_at, revoked_at FROM {Table("tokens")} ORDER BY created_at DESC, id");
        var list = new List<ApiToken>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ApiToken(
                r.GetString(0),
                r.GetString(1),
                Enum.Parse<TokenScope>(r.GetString(2), ignoreCase: true),
                r.GetString(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
                r.IsDBNull(5) ? null : DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture)));
        }

        return list;
    }

    /// <summary>The tokens in force (not revoked).</summary>
    public async Task<IReadOnlyList<ApiToken>> ActiveAsync(CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(t => t.RevokedAt is null)];

    /// <summary>Revokes a token by id; false when no active token has that id.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = Database.Command($"UPDATE {Table("tokens")} SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL");
        cmd.Bind("@at", DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        cmd.Bind("@id", id);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>SHA-256 of a token text, lower-case hex.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

}
