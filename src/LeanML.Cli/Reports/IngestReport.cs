using LeanML.Ingestion;

namespace LeanML.Cli.Reports;

/// <summary><c>leanml ingest --json</c>: each file's result, the totals, and a folder's entries that were not read.</summary>
internal sealed record IngestReport(IReadOnlyList<IngestResult> Files, long RowsRead, long RowsLoaded, long RowsQuarantined, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Per file, in the order of <see cref="Files"/>: what the vendor adapters made of it.</summary>
    public IReadOnlyList<AdapterFileReport> Adapters { get; init; } = [];

    /// <summary>Files of several that could not be loaded (each loaded nothing), with the reason.</summary>
    public IReadOnlyList<FailedFile> Failed { get; init; } = [];
}

/// <summary>A file that could not be loaded, and why (the error message, naming the file).</summary>
internal sealed record FailedFile(string File, string Error);
