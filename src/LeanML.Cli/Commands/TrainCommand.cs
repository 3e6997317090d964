using System.CommandLine;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml train PROJECT</c>: train, compare with the baselines, record the run, give the verdict.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project: a folder under projects/ holding project.yaml" };
        var seed = new Option<int>("--seed") { Description = "Seed of XGBoost (default 0); the split's seed is the brief's dataset.split_seed, so two seeds are compared on the same rows", DefaultValueFactory = _ => 0 };
        var cv = new Option<int>("--cv") { Description = "Also run K-fold cross-validation on the train and valid rows (stratified, by id hash) and report each fold, the mean and the spread", HelpName = "K", DefaultValueFactory = _ => 0 };
        var param = new Option<string[]>("--param") { Description = "Override a parameter: any XGBoost parameter, rounds or patience (repeatable)", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var includeOutcomes = new Option<bool>("--include-outcomes") { Description = "Add the labelled live rows (logged predictions' inputs with their outcomes) to the train and valid rows; needs 'train: true' under the brief's outcome:" };
        var command = new Command("train", """
            Train gradient-boosted trees (XGBoost) for a project's brief, score the model, the business baseline and a
            naive baseline on the same held-out rows, print the verdict, and record the run with its artifacts.
            Defaults: tree_method=hist max_depth=6 eta=0.1, up to 1000 rounds, early stopping patience 50, nthread = processors.
            Progress every 50 rounds goes to stderr. Exit 0 whether or not the bar is met (the JSON says bar_met).
            Rows are split by a hash of (dataset.split_seed, id): 64% train, 16% valid, 20% test, not stratified, so adding
            or removing rows never moves the others. Every test metric comes with a 95% interval (stratified bootstrap,
            1,000 resamples; the lift's is paired): "done, but not certain" when the bar is met by the estimate but not
            at the interval's pessimistic end (bar_certain false). Leakage checks run before training.
            --include-outcomes adds the labelled live rows to train and valid (one per id, ids already in the dataset left
            out); the test rows stay the dataset's, so the verdict compares with runs trained without them.

            Examples:
              leanml train churn
              leanml train churn --seed 7 --param max_depth=4 --param eta=0.05
              leanml train churn --param rounds=200 --param patience=0 --json
              leanml train churn --cv 5
              leanml train churn --include-outcomes
            """)
        {
            project, seed, param, cv, includeOutcomes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var service = new TrainingService(workspace);
            var report = await service.TrainAsync(parse.GetValue(project)!, parse.GetValue(seed), parse.GetValue(param) ?? [], parse.GetValue(cv), parse.GetValue(includeOutcomes), output.Status, ct).ConfigureAwait(false);
            output.Report(report, w => RunRendering.WriteReport(w, report));
            return ExitCodes.Success;
        });
        return command;
    }
}
