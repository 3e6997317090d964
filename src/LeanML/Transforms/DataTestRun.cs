namespace LeanML.Transforms;

/// <summary>The outcome of <c>leanml test</c>: every result of the run, kept in the warehouse.</summary>
public sealed record DataTestRun(string RunId, IReadOnlyList<DataTestResult> Results)
{
    /// <summary>How many held.</summary>
    public int Passed => Results.Count(r => r.Status == DataTestStatus.Pass);

    /// <summary>How many failed with severity warn.</summary>
    public int Warned => Results.Count(r => r.Status == DataTestStatus.Warn);

    /// <summary>How many failed with severity error.</summary>
    public int Failed => Results.Count(r => r.Status == DataTestStatus.Fail);

    /// <summary>How many could not run.</summary>
    public int Errors => Results.Count(r => r.Status == DataTestStatus.Error);
}
