namespace LeanML.Training;

/// <summary>Versions and machine facts recorded for reproducibility.</summary>
/// <param name="LeanML">LeanML's version.</param>
/// <param name="XGBoost">libxgboost's version.</param>
/// <param name="Dotnet">The .NET runtime.</param>
/// <param name="ProcessorCount">Processors of the machine.</param>
/// <param name="GitCommit">The workspace's git commit, when it is a git repository.</param>
/// <param name="GitDirty">True when the workspace had uncommitted changes.</param>
public sealed record TrainingEnvironment(string LeanML, string XGBoost, string Dotnet, int ProcessorCount, string? GitCommit, bool? GitDirty);
