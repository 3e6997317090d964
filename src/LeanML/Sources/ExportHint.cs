namespace LeanML.Sources;

/// <summary>An unrecognised header that is near a known export: which of the export's columns it lacks.</summary>
/// <param name="Export">The nearest export.</param>
/// <param name="Missing">The documented header names of the signature fields the file lacks.</param>
/// <param name="Extra">Columns of the file that no field of the export reads (up to 8, for a rename).</param>
public sealed record ExportHint(VendorExport Export, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra)
{
    /// <summary>The hint as ingest prints it.</summary>
    public string Message =>
        $"not recognised as a vendor export; nearest: {Export.Title} (adapter {Export.Id}), which also needs {string.Join(", ", Missing.Select(m => $"'{m}'"))}"
        + (Extra.Count > 0 ? $"; the file has {string.Join(", ", Extra.Select(e => $"'{e}'"))} instead" : "")
        + $". If it is that export, map the columns in sources/NAME.yaml (adapter: {Export.Id}, rename: {{FILE_COLUMN: '{Missing[0]}'}}); it loaded as a plain table.";
}
