namespace LeanML.Examples;

/// <summary>One file written by the example company generator.</summary>
/// <param name="Path">Path relative to the workspace root, with forward slashes.</param>
/// <param name="Rows">Data rows (lines after the header; worksheet rows for the workbook).</param>
/// <param name="Bytes">Size of the file.</param>
public sealed record ExampleFile(string Path, long Rows, long Bytes);
