namespace LeanML.Projects;

/// <summary>Reports in <c>reports/*.md</c> published (status: published) on a day inside the window.</summary>
public sealed class ReportEventSource : IProjectEventSource
{
    /// <inheritdoc />
    public string Kind => "report";

    /// <inheritdoc />
    public Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<ProjectEvent> events = [.. Published(context).Select(r => new ProjectEvent(r.Front.Project, r.At, Kind, $"report published: {r.Front.Title} — {r.Front.Tldr}", r.Path))];
        return Task.FromResult(events);
    }

    /// <summary>The valid, published reports created inside the window, with their front matter.</summary>
    public static IEnumerable<(string Path, Reports.ReportFrontMatter Front, DateTimeOffset At)> Published(ProjectEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var folder = Path.Combine(context.Workspace.Root, "reports");
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var known = context.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var doc = Reports.ReportParser.Parse(Path.GetRelativePath(context.Workspace.Root, file), File.ReadAllText(file), context.Workspace.Root);
            if (doc.FrontMatter is not { Status: "published" } front || doc.Issues.Count > 0)
            {
                continue;
            }

            var at = new DateTimeOffset(front.Created.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (at >= context.From.UtcDateTime.Date && (front.Project is null || known.Contains(front.Project)))
            {
                yield return (doc.Path, front, at);
            }
        }
    }
}
