using System.CommandLine;
using LeanML.Projects;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml update [PROJECT]</c>: the weekly update, written from what LeanML recorded.</summary>
internal static class UpdateCommand
{
    public static Command Create()
    {
        var project = new Argument<string?>("PROJECT") { Description = "Only this project (default: every project)", Arity = ArgumentArity.ZeroOrOne };
        var since = SinceOption.Create();
        var md = new Option<string?>("--md") { Description = "Also write the update as Markdown to FILE", HelpName = "FILE" };
        var html = new Option<string?>("--html") { Description = "Also write the update as an HTML page to FILE", HelpName = "FILE" };
        var command = new Command("update", """
            Compose each project's update from what LeanML already recorded in the window: loads and their quarantined
            rows (a load belongs to a project whose dataset SQL reads its table; other loads are listed once under
            Workspace), training runs with the metric against the business rule and the bar, promotions, experiments
            started and decided (with the decision sentence), stage changes, and days to the due date — each line with
            the id that finds it (run id, load id, experiment). Health by stated rules with its reason: off track
            (overdue, a failing error test, an alert in the window), at risk (due in 7 days or less with the bar not
            met, or no event for 14 days), else on track; the brief's health_note beside it.

            Examples:
              leanml update
              leanml update churn --since 14d
              leanml update --md update.md --html update.html
              leanml update --json
            """)
        {
            project, since, md, html,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var window = SinceOption.Read(parse, since);
            var update = await new ProjectBoard(GlobalOptions.OpenWorkspace(parse)).UpdateAsync(parse.GetValue(project), window, ct).ConfigureAwait(false);
            var markdown = UpdateDocument.Markdown(update);
            if (parse.GetValue(md) is { } mdFile)
            {
                await File.WriteAllTextAsync(mdFile, markdown, ct).ConfigureAwait(false);
                output.Status($"wrote {mdFile}");
            }

            if (parse.GetValue(html) is { } htmlFile)
            {
                await File.WriteAllTextAsync(htmlFile, UpdateDocument.Html($"Weekly update {update.Until.UtcDateTime:yyyy-MM-dd}", markdown), ct).ConfigureAwait(false);
                output.Status($"wrote {htmlFile}");
            }

            output.Report(update, w => w.Write(markdown));
            return ExitCodes.Success;
        });
        return command;
    }
}
