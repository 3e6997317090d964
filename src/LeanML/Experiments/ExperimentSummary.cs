namespace LeanML.Experiments;

/// <summary>An experiment as listed and shown: its record, its file and its assignment counts.</summary>
/// <param name="Name">The experiment.</param>
/// <param name="Status">running or stopped.</param>
/// <param name="Start">Start of the analysed period (the file's start: or the creation time).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="StoppedAt">When it was stopped, if it was.</param>
/// <param name="Salt">The hashing salt.</param>
/// <param name="Primary">The primary metric.</param>
/// <param name="Variants">The variants of the file.</param>
/// <param name="Units">Assigned units per variant.</param>
public sealed record ExperimentSummary(string Name, string Status, DateTimeOffset Start, DateTimeOffset CreatedAt, DateTimeOffset? StoppedAt, string Salt, string Primary, IReadOnlyList<ExperimentVariant> Variants, IReadOnlyDictionary<string, long> Units);
