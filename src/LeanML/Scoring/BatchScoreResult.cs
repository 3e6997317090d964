namespace LeanML.Scoring;

/// <summary>What a batch scoring run did.</summary>
/// <param name="Id">The id recorded in the store.</param>
/// <param name="Project">The project scored.</param>
/// <param name="RunId">The training run whose model scored.</param>
/// <param name="Input">The input table or file.</param>
/// <param name="Output">The output table or file.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="UnseenCategories">Category values training never saw (scored as missing).</param>
/// <param name="IgnoredColumns">Input columns that are not features nor the id (ignored).</param>
/// <param name="Seconds">Elapsed time.</param>
public sealed record BatchScoreResult(string Id, string Project, string RunId, string Input, string Output, long Rows, long UnseenCategories, IReadOnlyList<string> IgnoredColumns, double Seconds)
{
    /// <summary>Rows that could not be scored, written to <see cref="RejectsFile"/> (row, field, value, reason).</summary>
    public long Rejected { get; init; }

    /// <summary>The rejects file, when a row was rejected.</summary>
    public string? RejectsFile { get; init; }

    /// <summary>Rows whose id had been seen before in the same input (scored, and warned about).</summary>
    public long DuplicateIds { get; init; }

    /// <summary>Values of features training never saw missing that were missing (scored as missing, as over HTTP).</summary>
    public long MissingFeatures { get; init; }
}
