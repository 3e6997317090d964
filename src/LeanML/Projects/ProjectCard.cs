using System.Globalization;
using LeanML.Internal;
using LeanML.Training;

namespace LeanML.Projects;

/// <summary>
/// What the board and the weekly update read from a project's brief: stage, owner, due date, the owner's health note
/// and what the update needs to link events (the dataset SQL, the metric and the bar). Read leniently, so a brief still
/// being written shows on the board; only the keys read here are validated (with file and line).
/// </summary>
/// <param name="Name">The project (its folder).</param>
/// <param name="File">The brief's path relative to the workspace, for messages.</param>
/// <param name="Stage">intake | data | modeling | shipped | measuring | done | parked (intake when unset).</param>
/// <param name="Owner">The owner, or null.</param>
/// <param name="Due">The due date, or null.</param>
/// <param name="HealthNote">The owner's one sentence on the project's health, or null.</param>
/// <param name="Stakeholders">The people who read the update.</param>
/// <param name="DatasetSql">The dataset SQL (which tables the project reads), or null.</param>
/// <param name="Metric">The primary metric, or null.</param>
/// <param name="DoneWhen">The bar as written, or null.</param>
/// <param name="BaselineName">The business rule's name, or null.</param>
public sealed record ProjectCard(
    string Name,
    string File,
    string Stage,
    string? Owner,
    DateOnly? Due,
    string? HealthNote,
    IReadOnlyList<string> Stakeholders,
    string? DatasetSql,
    string? Metric,
    string? DoneWhen,
    string? BaselineName)
{
    /// <summary>True for stages where the health rules no longer apply (the work is over or on hold).</summary>
    public bool Closed => Stage is "done" or "parked";

    /// <summary>Every project of the workspace (folders under projects/ holding a project.yaml), by name.</summary>
    public static IReadOnlyList<ProjectCard> LoadAll(Workspace.Workspace workspace)
    {
        if (!Directory.Exists(workspace.ProjectsDir))
        {
            return [];
        }

        return Directory.EnumerateDirectories(workspace.ProjectsDir)
            .Where(d => System.IO.File.Exists(Path.Combine(d, ProjectBrief.FileName)))
            .Select(d => Path.GetFileName(d))
            .Where(n => !n.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(n => Load(workspace, n))
            .ToList();
    }

    /// <summary>One project's card; a missing project is an input error listing the known ones.</summary>
    public static ProjectCard Load(Workspace.Workspace workspace, string project)
    {
        var file = Path.Combine(workspace.ProjectDir(project), ProjectBrief.FileName);
        if (string.IsNullOrWhiteSpace(project) || project.Contains('/', StringComparison.Ordinal) || project.Contains('\\', StringComparison.Ordinal) || project.StartsWith('.') || !System.IO.File.Exists(file))
        {
            // The brief's own loader words the error (known projects, did-you-mean).
            ProjectBrief.Load(workspace, project);
        }

        return Parse(project, Path.GetRelativePath(workspace.Root, file), System.IO.File.ReadAllText(file));
    }

    /// <summary>Reads the card's keys from brief text; a bad stage or due date names its line.</summary>
    public static ProjectCard Parse(string project, string file, string text)
    {
        var root = YamlSection.Parse(file, text);
        var stage = root.OneOf("stage", ProjectBrief.Stages) ?? "intake";
        DateOnly? due = null;
        if (root.String("due") is { Length: > 0 } dueText)
        {
            due = DateOnly.TryParseExact(dueText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw root.Error("due", $"is '{dueText}', which is not a date; write it as YYYY-MM-DD, e.g. due: 2026-12-15");
        }

        var note = root.String("health_note");
        var dataset = root.Has("dataset") ? root.Section("dataset") : null;
        var baseline = root.Has("baseline") ? root.Section("baseline") : null;
        return new ProjectCard(
            project,
            file,
            stage,
            root.String("owner"),
            due,
            string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            root.StringList("stakeholders") ?? [],
            dataset?.String("sql"),
            root.String("metric"),
            root.String("done_when"),
            baseline?.String("name"));
    }
}
