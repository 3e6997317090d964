namespace LeanML.Ingestion;

/// <summary>What <c>leanml export</c> wrote: the file, its rows and each column with the type it was written with.</summary>
public sealed record ExportResult(string Output, string Format, long Rows, IReadOnlyList<ExportColumn> Columns, double Seconds);

/// <summary>One exported column and its type in the file.</summary>
public sealed record ExportColumn(string Name, string Type);
