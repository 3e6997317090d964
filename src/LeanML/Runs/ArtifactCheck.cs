namespace LeanML.Runs;

/// <summary>The state of one recorded artifact.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Status">ok | changed | missing.</param>
/// <param name="Sha256">The recorded SHA-256.</param>
public sealed record ArtifactCheck(string Name, string Status, string Sha256);
