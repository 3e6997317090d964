namespace LeanML.Reports;

/// <summary>What <c>leanml report check</c> found.</summary>
/// <param name="Reports">How many reports were read.</param>
/// <param name="Invalid">How many have at least one problem.</param>
/// <param name="Issues">Every problem, by file and line.</param>
public sealed record ReportCheck(int Reports, int Invalid, IReadOnlyList<ReportIssue> Issues)
{
    /// <summary>True when every report is valid.</summary>
    public bool Valid => Invalid == 0;
}
