namespace LeanML.Sources;

/// <summary>One field an export carries, under any of the header names vendors have used for it.</summary>
/// <param name="Key">The adapter's name for the field.</param>
/// <param name="Headers">The header names it appears under (matched case-insensitively, spaces collapsed); the first is the documented one.</param>
public sealed record ExportField(string Key, IReadOnlyList<string> Headers);
