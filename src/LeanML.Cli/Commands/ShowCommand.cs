using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Explanations;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml show RUN</c>: one run in full, its artifacts checked.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "A run id (or a unique prefix of one)" };
        var command = new Command("show", """
            Show one run: verdict, metrics against both baselines, parameters, data, versions, feature importance (gain,
            and mean |SHAP| on the test rows beside it),
            and each artifact checked against its recorded SHA-256. Exit 1 when an artifact is changed or missing.

            Examples:
              leanml show 01JD3K8Z
              leanml show 01JD3K8ZQ4 --json
            """)
        {
            run,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var details = await new TrainingService(workspace).ShowAsync(parse.GetValue(run)!, ct).ConfigureAwait(false);
            // Mean |SHAP| on the test rows, saved by training beside the model; a run without it (older, or a changed
            // file: the artifact check reports that) shows gain only.
            var shap = details.ArtifactsIntact ? await ShapImportance.ReadAsync(workspace, details.Record, ct).ConfigureAwait(false) : null;
            output.Report(new ShowReport(details.Report, details.Artifacts, details.ArtifactsIntact, details.InProduction, shap), w =>
            {
                RunRendering.WriteReport(w, details.Report);
                RunRendering.WriteCalibration(w, details.Report);
                if (shap is { Count: > 0 })
                {
                    var gains = details.Report.Importance.ToDictionary(f => f.Feature, f => f.Gain, StringComparer.Ordinal);
                    w.WriteLine($"top features by mean |SHAP| on the test rows (margin units), beside gain:");
                    foreach (var f in shap.Take(RunRendering.TopFeatures))
                    {
                        w.WriteLine($"  {f.Feature,-28} {f.MeanAbsShap,10:0.000}   gain {gains.GetValueOrDefault(f.Feature),10:0.000}");
                    }
                }

                var env = details.Report.Environment;
                w.WriteLine($"versions leanml {env.LeanML}, xgboost {env.XGBoost}, .NET {env.Dotnet}, {env.ProcessorCount} processors");
                if (env.GitCommit is not null)
                {
                    w.WriteLine($"git      {env.GitCommit}{(env.GitDirty == true ? " (uncommitted changes)" : "")}");
                }

                w.WriteLine($"brief    sha256 {details.Report.BriefHash[..16]}…{(details.InProduction ? "; in production" : "")}");
                w.WriteLine("artifacts:");
                foreach (var a in details.Artifacts)
                {
                    w.WriteLine($"  {a.Name,-14} {a.Status}");
                }
            });
            foreach (var a in details.Artifacts.Where(a => a.Status != "ok"))
            {
                output.Status($"error: the artifact '{a.Name}' of run {details.Record.Id} is {a.Status} (recorded SHA-256 {a.Sha256[..12]}…); it will not be used.");
            }

            return details.ArtifactsIntact ? ExitCodes.Success : ExitCodes.Negative;
        });
        return command;
    }
}
