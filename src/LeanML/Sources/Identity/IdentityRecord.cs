namespace LeanML.Sources.Identity;

/// <summary>One source record of a person, as <c>leanml identity conflicts</c> lists it.</summary>
/// <param name="SourceVendor">The vendor.</param>
/// <param name="SourceId">The vendor's id.</param>
/// <param name="Email">The e-mail as exported.</param>
/// <param name="Name">The name on the record.</param>
/// <param name="Company">The company on the record.</param>
/// <param name="SourceFile">The file it came from.</param>
/// <param name="SourceLine">Its line there.</param>
public sealed record IdentityRecord(string SourceVendor, string SourceId, string? Email, string? Name, string? Company, string? SourceFile, long? SourceLine);
