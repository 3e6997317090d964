using System.CommandLine;
using System.Globalization;
using LeanML.Cli.Reports;
using LeanML.Projects;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml projects</c>: the board — every project by stage with owner, due date, health and last event.</summary>
internal static class ProjectsCommand
{
    public static Command Create()
    {
        var command = new Command("projects", """
            List every project by stage (intake, data, modeling, shipped, measuring, done, parked) with its owner, due
            date, health and its reason, and the last recorded event. Health follows stated rules: off track (overdue,
            a failing error-severity data test, an alert in the last 7 days), at risk (due in 7 days or less with the
            bar not met, or no event for 14 days), else on track; the brief's health_note is shown beside it.

            Examples:
              leanml projects
              leanml projects --json
            """);
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var rows = await new ProjectBoard(GlobalOptions.OpenWorkspace(parse)).ListAsync(ct).ConfigureAwait(false);
            output.Report(new ProjectsReport(rows), w => Write(w, rows));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Write(TextWriter w, IReadOnlyList<BoardRow> rows)
    {
        if (rows.Count == 0)
        {
            w.WriteLine("no projects yet; write a brief at projects/NAME/project.yaml (see 'leanml init --example').");
            return;
        }

        foreach (var stage in rows.GroupBy(r => r.Stage))
        {
            w.WriteLine($"{stage.Key}:");
            foreach (var r in stage)
            {
                var due = r.Due is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "no due date";
                w.WriteLine($"  {r.Project}  owner {r.Owner ?? "(none)"}  due {due}  {r.Health} — {r.HealthReason}");
                if (r.HealthNote is { } note)
                {
                    w.WriteLine($"    note: {note}");
                }

                w.WriteLine(r.LastEvent is { } e
                    ? $"    last event {e.At.UtcDateTime:yyyy-MM-dd HH:mm}: {e.Text} [{e.Link}]"
                    : "    no event recorded yet");
            }
        }
    }
}
