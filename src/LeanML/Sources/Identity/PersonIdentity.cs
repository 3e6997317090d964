namespace LeanML.Sources.Identity;

/// <summary>A record's person: its key and the rule that made it.</summary>
/// <param name="PersonKey">The key: the same for every record of one person.</param>
/// <param name="Rule">email | gmail_folding | role_address | no_email.</param>
/// <param name="NormalizedEmail">The e-mail the key was made from (null without one).</param>
public readonly record struct PersonIdentity(string PersonKey, string Rule, string? NormalizedEmail);
