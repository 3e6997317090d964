namespace LeanML.Sources;

/// <summary>A file's header recognised as a vendor export.</summary>
/// <param name="Export">The export.</param>
/// <param name="Columns">Each field the header has: the field's key and the header name that carries it.</param>
public sealed record ExportMatch(VendorExport Export, IReadOnlyDictionary<string, string> Columns);
