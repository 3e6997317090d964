namespace LeanML.Serving;

/// <summary>An API token as stored: never the token itself, only its SHA-256.</summary>
/// <param name="Id">A short public id, used to revoke it.</param>
/// <param name="Name">A label saying who or what uses it.</param>
/// <param name="Scope">What it may call.</param>
/// <param name="Sha256">SHA-256 of the token text, lower-case hex.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiToken(string Id, string Name, TokenScope Scope, string Sha256, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
