namespace LeanML.Reports;

/// <summary>One problem of a report: the file, the 1-based line, the front-matter key or reference at fault, and what to do.</summary>
/// <param name="File">The report's path relative to the workspace.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Field">The key or reference at fault, when there is one.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ReportIssue(string File, int Line, string? Field, string Message)
{
    /// <summary>The issue as one line: <c>file:line: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
