using System.CommandLine;
using System.Globalization;
using LeanML.Reports;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml search "query"</c>: full-text search of the findings archive, ranked, with a highlighted snippet.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("QUERY") { Description = "Words to find (all required; \"\" lists reports newest first)" };
        var author = new Option<string?>("--author") { Description = "Only reports by this author", HelpName = "A" };
        var tag = new Option<string?>("--tag") { Description = "Only reports with this tag", HelpName = "T" };
        var project = new Option<string?>("--project") { Description = "Only reports on this project", HelpName = "P" };
        var after = new Option<string?>("--after") { Description = "Only reports created on or after this day (YYYY-MM-DD)", HelpName = "DATE" };
        var limit = new Option<int>("--limit") { Description = "At most this many hits", DefaultValueFactory = _ => 20, HelpName = "N" };
        var command = new Command("search", """
            Search the reports' full text (title, tldr, tags, authors and body; a title word weighs most), ranked
            best first with the passage that matched (**marked**). The index is in the state store (SQLite FTS5 /
            PostgreSQL full-text search) and is brought up to date first from the files' hashes.

            Examples:
              leanml search "churn outreach"
              leanml search "refund rate" --tag pricing --after 2026-10-01
              leanml search "" --author ana@acme.example --json
            """) { query, author, tag, project, after, limit };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            DateOnly? day = null;
            if (parse.GetValue(after) is { } text)
            {
                day = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d
                    : throw new LeanMLInputException($"--after is '{text}'; write a day as YYYY-MM-DD, e.g. 2026-10-01.", field: "--after");
            }

            if (parse.GetValue(limit) is < 1 or > 1000)
            {
                throw new LeanMLInputException("--limit must be between 1 and 1000.", field: "--limit");
            }

            var request = new SearchRequest(parse.GetValue(query) ?? "", parse.GetValue(author), parse.GetValue(tag), parse.GetValue(project), day, parse.GetValue(limit));
            var result = await new ReportService(GlobalOptions.OpenWorkspace(parse)).SearchAsync(request, ct).ConfigureAwait(false);
            foreach (var skipped in result.Index.Skipped)
            {
                output.Status($"warning: {skipped} is not searchable: its front matter is invalid (see 'leanml report check').");
            }

            output.Report(result, w =>
            {
                if (result.Hits.Count == 0)
                {
                    w.WriteLine("no report matches.");
                    return;
                }

                foreach (var hit in result.Hits)
                {
                    w.WriteLine($"{hit.Path}  ({hit.Created}, {string.Join(", ", hit.Authors)}{(hit.Project is null ? "" : ", " + hit.Project)})");
                    w.WriteLine($"  {hit.Title}");
                    w.WriteLine($"  {hit.Snippet}");
                }
            });
            return result.Hits.Count > 0 ? ExitCodes.Success : ExitCodes.Negative;
        });
        return command;
    }
}
