using System.CommandLine;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml train PROJECT</c>: train, compare with the baselines, record the run, give the verdict.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project: a folder under projects/ holding project.yaml" };
        var seed = new Option<int>("--seed") { Description = "Seed of the random split and of XGBoost (default 0)", DefaultValueFactory = _ => 0 };
        var param = new Option<string[]>("--param") { Description = "Override a parameter: any XGBoost parameter, rounds or patience (repeatable)", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var command = new Command("train", """
            Train gradient-boosted trees (XGBoost) for a project's brief, score the model, the business baseline and a
            naive baseline on the same held-out rows, print the verdict, and record the run with its artifacts.
            Defaults: tree_method=hist max_depth=6 eta=0.1, up to 1000 rounds, early stopping patience 50, nthread = processors.
            Progress every 50 rounds goes to stderr. Exit 0 whether or not the bar is met (the JSON says bar_met).

            Examples:
              leanml train churn
              leanml train churn --seed 7 --param max_depth=4 --param eta=0.05
              leanml train churn --param rounds=200 --param patience=0 --json
            """)
        {
            project, seed, param,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var service = new TrainingService(workspace);
            var report = await service.TrainAsync(parse.GetValue(project)!, parse.GetValue(seed), parse.GetValue(param) ?? [], output.Status, ct).ConfigureAwait(false);
            output.Report(report, w => RunRendering.WriteReport(w, report));
            return ExitCodes.Success;
        });
        return command;
    }
}
