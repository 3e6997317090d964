using System.Globalization;
using System.Net;
using System.Text;
using LeanML.Training;
using Markdig;

namespace LeanML.Projects;

/// <summary>The weekly update as Markdown (what people paste into a chat or a wiki) and as an HTML page (Markdig).</summary>
public static class UpdateDocument
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>The update as Markdown: one section per project with its health, best run, due date and lines.</summary>
    public static string Markdown(WeeklyUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Weekly update, {Day(update.Since)} to {Day(update.Until)}\n\n");
        if (update.Projects.Count == 0)
        {
            md.Append("No projects yet: add a brief at projects/NAME/project.yaml.\n");
        }

        foreach (var p in update.Projects)
        {
            md.Append(CultureInfo.InvariantCulture, $"## {Escape(p.Project)} — {p.Health}\n\n");
            md.Append(CultureInfo.InvariantCulture, $"**{Capital(p.Health)}**: {Escape(p.HealthReason)}.");
            if (p.HealthNote is { } note)
            {
                md.Append(CultureInfo.InvariantCulture, $" Owner's note: _{Escape(note)}_");
            }

            md.Append("\n\n");
            md.Append(CultureInfo.InvariantCulture, $"- Stage: {p.Stage}");
            if (p.Owner is { } owner)
            {
                md.Append(CultureInfo.InvariantCulture, $"; owner: {Escape(owner)}");
            }

            md.Append('\n');
            if (p.Due is { } due)
            {
                md.Append(CultureInfo.InvariantCulture, $"- Due {due:yyyy-MM-dd}: {DueText(p.DaysToDue!.Value)}\n");
            }

            if (p.Best is { } best)
            {
                md.Append(CultureInfo.InvariantCulture, $"- Best run `{best.RunId}`: {best.Metric} {TrainingService.Format(best.Value)}");
                md.Append(CultureInfo.InvariantCulture, $" vs {(best.Rule is null ? "the rule" : $"the rule '{Escape(best.Rule)}'")} {TrainingService.Format(best.RuleValue)} (lift {TrainingService.Format(best.Lift)})");
                md.Append(CultureInfo.InvariantCulture, $"; {(best.BarMet ? "meets" : "does not meet")} the bar{(best.Bar is null ? "" : $" `{best.Bar}`")}\n");
            }

            md.Append('\n');
            if (p.Lines.Count == 0)
            {
                md.Append("Nothing recorded this week.\n\n");
                continue;
            }

            foreach (var line in p.Lines)
            {
                md.Append(Line(line));
            }

            md.Append('\n');
        }

        if (update.Workspace.Count > 0)
        {
            md.Append("## Workspace\n\n");
            foreach (var line in update.Workspace)
            {
                md.Append(Line(line));
            }
        }

        return md.ToString();
    }

    /// <summary>Markdown rendered as a standalone HTML page (UTF-8, no scripts, no external resources).</summary>
    public static string Html(string title, string markdown)
    {
        var body = Markdig.Markdown.ToHtml(markdown, Pipeline);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{WebUtility.HtmlEncode(title)}</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5{"}"} code{"{"}background:#f3f3f3{"}"}</style>
            </head>
            <body>
            {body}</body>
            </html>

            """;
    }

    /// <summary>One event as a Markdown list item: date, text, and its id in code so it can be looked up.</summary>
    public static string Line(ProjectEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Create(CultureInfo.InvariantCulture, $"- {e.At.UtcDateTime:yyyy-MM-dd} {e.Kind}: {Escape(e.Text)} [`{e.Link}`]\n");
    }

    private static string DueText(int days) => days switch
    {
        < 0 => $"overdue by {-days} day{(days == -1 ? "" : "s")}",
        0 => "due today",
        _ => $"{days} day{(days == 1 ? "" : "s")} to go",
    };

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// Text from users and data as Markdown that shows it literally: a table name with underscores, a '#' in a file name
    /// or a '&lt;' in a title never turns into emphasis, a heading or HTML.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
