using LeanML.Sources;

namespace LeanML.Cli.Reports;

/// <summary>One file of <c>leanml ingest --json</c> as the adapters saw it.</summary>
/// <param name="File">The file.</param>
/// <param name="Table">Its raw table.</param>
/// <param name="Source">The declared source (sources/NAME.yaml) it came from, if any.</param>
/// <param name="Adapter">The canonical rows written, when it was recognised as a vendor export.</param>
/// <param name="Hint">When not recognised but near a known export: the nearest one and the columns that differ.</param>
/// <param name="Notice">When the raw table took another name than plain ingest's.</param>
internal sealed record AdapterFileReport(string File, string Table, string? Source, AdapterResult? Adapter, string? Hint, string? Notice);
