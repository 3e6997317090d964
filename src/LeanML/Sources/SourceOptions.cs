namespace LeanML.Sources;

/// <summary>How the adapters treat a file: recognise its header (default), use a named adapter, or not at all.</summary>
public sealed record SourceOptions
{
    /// <summary>Recognition by header, no renames.</summary>
    public static SourceOptions Default { get; } = new();

    /// <summary>An adapter named explicitly (<c>stripe_payments</c>): the file must have its columns.</summary>
    public string? Adapter { get; init; }

    /// <summary>Header renames (file column → the name the adapter knows), applied before recognition.</summary>
    public IReadOnlyDictionary<string, string> Rename { get; init; } = new Dictionary<string, string>();

    /// <summary>Skip the adapters (<c>--raw</c>): plain ingestion only.</summary>
    public bool Raw { get; init; }

    /// <summary>Gmail dot/plus folding for person keys (<c>identity: {gmail_folding: true}</c>).</summary>
    public bool GmailFolding { get; init; }

    /// <summary>The declared source's name, for reports.</summary>
    public string? Source { get; init; }

    /// <summary>The file naming the adapter, for errors.</summary>
    public string? DeclaredIn { get; init; }

    /// <summary>
    /// Map row by row in managed code even where the export has a SQL form: the reference the set-based mapping is
    /// tested against (it gives the same rows), never the path a user takes.
    /// </summary>
    internal bool RowByRow { get; init; }
}
