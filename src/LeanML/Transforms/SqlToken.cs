namespace LeanML.Transforms;

/// <summary>One token of SQL text: its kind, its text as written, and the 1-based line it starts on.</summary>
public readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Line)
{
    /// <summary>True for a quoted identifier.</summary>
    public bool Quoted => Kind == SqlTokenKind.QuotedIdentifier;

    /// <summary>The identifier it names: a quoted one unquoted, exactly; an unquoted one folded to lower case.</summary>
    public string Value => Kind == SqlTokenKind.QuotedIdentifier
        ? Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
        : Text.ToLowerInvariant();

    /// <summary>True when the token is the unquoted word <paramref name="word"/> (any case).</summary>
    public bool Is(string word) => Kind == SqlTokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);
}
