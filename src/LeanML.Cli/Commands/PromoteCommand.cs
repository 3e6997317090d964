using System.CommandLine;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml promote RUN</c>: make a run its project's production model.</summary>
internal static class PromoteCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run to promote (id or unique prefix)" };
        var force = new Option<bool>("--force") { Description = "Promote a run whose verdict was 'not yet' (its bar not met)" };
        var command = new Command("promote", """
            Make a run its project's production model (used by scoring and serving). Every promotion is kept with its
            time and the user's name (LEANML_USER, else USER). A run whose artifacts changed cannot be promoted; a run
            that did not meet its bar ('not yet') is promoted only with --force.

            Examples:
              leanml promote 01JD3K8Z
              LEANML_USER=ana leanml promote 01JD3K8Z --json
              leanml promote 01JD3K8Z --force
            """)
        {
            run, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var user = Environment.GetEnvironmentVariable("LEANML_USER") is { Length: > 0 } u ? u
                : Environment.GetEnvironmentVariable("USER") is { Length: > 0 } v ? v : Environment.UserName;
            var promotion = await new TrainingService(GlobalOptions.OpenWorkspace(parse)).PromoteAsync(parse.GetValue(run)!, user, parse.GetValue(force), ct).ConfigureAwait(false);
            output.Report(promotion, w => w.WriteLine($"run {promotion.RunId} is now the production model of '{promotion.Project}' (promoted by {promotion.PromotedBy} at {promotion.PromotedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)."));
            return ExitCodes.Success;
        });
        return command;
    }
}
