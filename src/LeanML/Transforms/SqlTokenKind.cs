namespace LeanML.Transforms;

/// <summary>The kinds of token <see cref="SqlTokenizer"/> gives (strings and comments are dropped).</summary>
public enum SqlTokenKind
{
    /// <summary>A keyword or an unquoted identifier.</summary>
    Word,

    /// <summary>A "quoted identifier".</summary>
    QuotedIdentifier,

    /// <summary>A number or a parameter.</summary>
    Number,

    /// <summary>Punctuation or an operator, one character.</summary>
    Symbol,
}
