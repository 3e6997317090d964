using System.CommandLine;
using LeanML.Cli.Reports;
using LeanML.Reports;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml report new|check|render</c>: the findings archive, reports/YYYY-MM-DD-slug.md (DESIGN.md section 11).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", """
            The findings archive: Markdown reports in reports/YYYY-MM-DD-slug.md with front matter
            (required: title, authors, tldr, created; optional: tags, project, status draft|published|superseded,
            decision, runs, experiments, metrics, supersedes). Live numbers in the text are filled in when rendered:
              {{ run RUNID METRIC }}            a run's metric (RUNID may be PROJECT:latest)
              {{ experiment NAME decision }}    the experiment's decision sentence, analysed now
              {{ metric NAME [month=2026-10] }} a defined metric (also since=, until=, experiment= variant=)

            Examples:
              leanml report new "Churn model: the verdict" --project churn
              leanml report check
              leanml report render reports/2026-12-06-churn-model-the-verdict.md --html verdict.html
            """);
        command.Subcommands.Add(NewCommand());
        command.Subcommands.Add(CheckCommand());
        command.Subcommands.Add(RenderCommand());
        return command;
    }

    private static Command NewCommand()
    {
        var title = new Argument<string>("TITLE") { Description = "The report's title (its file name is today's date and the title as a slug)" };
        var project = new Option<string?>("--project") { Description = "Pre-fill from this project: its question, the latest run's verdict, its experiment's decision", HelpName = "P" };
        var command = new Command("new", """
            Write a skeleton report reports/TODAY-slug.md, pre-filled from the project when given. Never overwrites a file.

            Examples:
              leanml report new "Churn model: the verdict" --project churn
              leanml report new "Q4 pricing notes" --json
            """) { title, project };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var path = await new ReportService(GlobalOptions.OpenWorkspace(parse)).NewAsync(parse.GetValue(title)!, parse.GetValue(project), ct).ConfigureAwait(false);
            output.Report(new ReportCreatedReport(path), w => w.WriteLine($"wrote {path}; fill in the TODOs, then 'leanml report check'."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CheckCommand()
    {
        var command = new Command("check", """
            Validate every report in reports/: front matter keys and values, the file name, and the live references
            (each problem with its file and line). Exit 1 when a report is invalid.

            Examples:
              leanml report check
              leanml report check --json
            """);
        command.SetAction((parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var check = new ReportService(GlobalOptions.OpenWorkspace(parse)).Check();
            output.Report(check, w =>
            {
                foreach (var issue in check.Issues)
                {
                    w.WriteLine(issue.ToString());
                }

                w.WriteLine(check.Valid
                    ? $"{check.Reports} report(s), all valid."
                    : $"{check.Reports} report(s), {check.Invalid} invalid ({check.Issues.Count} problem(s)).");
            });
            return Task.FromResult(check.Valid ? ExitCodes.Success : ExitCodes.Negative);
        });
        return command;
    }

    private static Command RenderCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The report (a path, or a file name in reports/)" };
        var md = new Option<string?>("--md") { Description = "Write the rendered Markdown to this file", HelpName = "OUT" };
        var html = new Option<string?>("--html") { Description = "Write an HTML page to this file", HelpName = "OUT" };
        var command = new Command("render", """
            Render a report with its live numbers filled in, each with its source and as-of. An unknown reference
            is an error naming the file and line. Without --md or --html the Markdown goes to stdout.

            Examples:
              leanml report render reports/2026-12-06-churn-model-the-verdict.md
              leanml report render 2026-12-06-churn-model-the-verdict.md --html verdict.html
              leanml report render 2026-12-06-churn-model-the-verdict.md --md out.md --json
            """) { file, md, html };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var (mdPath, htmlPath) = (parse.GetValue(md), parse.GetValue(html));
            if (mdPath is not null && htmlPath is not null)
            {
                throw new LeanMLInputException("give one of --md and --html.", field: "--html");
            }

            var rendered = await new ReportService(GlobalOptions.OpenWorkspace(parse)).RenderAsync(parse.GetValue(file)!, ct).ConfigureAwait(false);
            var target = mdPath ?? htmlPath;
            if (target is not null)
            {
                await File.WriteAllTextAsync(target, mdPath is not null ? rendered.Markdown : rendered.Html, ct).ConfigureAwait(false);
            }

            output.Report(new ReportRenderReport(rendered.Path, rendered.Title, target, rendered.Numbers, target is null ? rendered.Markdown : null), w =>
            {
                if (target is null)
                {
                    w.Write(rendered.Markdown);
                    return;
                }

                w.WriteLine($"wrote {target}: {rendered.Title}, {rendered.Numbers.Count} live number(s).");
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
