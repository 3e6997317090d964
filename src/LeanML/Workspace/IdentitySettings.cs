namespace LeanML.Workspace;

/// <summary>The <c>identity</c> block of leanml.yaml: how person keys are made from e-mails.</summary>
/// <param name="GmailFolding">Fold Gmail addresses (dots and +tags dropped) before matching; off by default.</param>
public sealed record IdentitySettings(bool GmailFolding)
{
    /// <summary>No folding: an e-mail is only trimmed and lower-cased.</summary>
    public static IdentitySettings Default { get; } = new(false);
}
