namespace LeanML.Transforms;

/// <summary>The outcome of <c>leanml build</c>: each planned transform in the order built.</summary>
public sealed record BuildResult(string BuildId, IReadOnlyList<TransformBuildResult> Transforms)
{
    /// <summary>How many were built and swapped in.</summary>
    public int Built => Transforms.Count(t => t.Status == BuildStatus.Built);

    /// <summary>How many were unchanged.</summary>
    public int Skipped => Transforms.Count(t => t.Status == BuildStatus.Skipped);

    /// <summary>How many kept their previous version (a failed test, an error, or a failed upstream).</summary>
    public int NotSwapped => Transforms.Count(t => t.Status is BuildStatus.Failed or BuildStatus.Error or BuildStatus.Blocked);
}
