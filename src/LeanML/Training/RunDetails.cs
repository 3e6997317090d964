using LeanML.Runs;

namespace LeanML.Training;

/// <summary>A recorded run with its report, artifact checks and production mark.</summary>
/// <param name="Record">The metadata row.</param>
/// <param name="Report">The full report.</param>
/// <param name="Artifacts">Each artifact checked against its recorded hash.</param>
/// <param name="InProduction">True when the run is its project's production model.</param>
public sealed record RunDetails(TrainingRunRecord Record, TrainingRunReport Report, IReadOnlyList<ArtifactCheck> Artifacts, bool InProduction)
{
    /// <summary>True when every artifact is present and unchanged.</summary>
    public bool ArtifactsIntact => Artifacts.All(a => a.Status == "ok");
}
