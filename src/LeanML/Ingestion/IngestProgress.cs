namespace LeanML.Ingestion;

/// <summary>Progress of one file's load, reported a few times a second.</summary>
/// <param name="File">The file being read.</param>
/// <param name="Pass">1 while inferring types, 2 while loading.</param>
/// <param name="BytesRead">Bytes consumed in this pass.</param>
/// <param name="BytesTotal">The file's size.</param>
/// <param name="Rows">Records read in this pass.</param>
public readonly record struct IngestProgress(string File, int Pass, long BytesRead, long BytesTotal, long Rows);
