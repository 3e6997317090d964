using System.CommandLine;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml compare RUN RUN</c>: two runs side by side.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var left = new Argument<string>("RUN1") { Description = "The first run" };
        var right = new Argument<string>("RUN2") { Description = "The second run" };
        var command = new Command("compare", """
            Compare two runs side by side: parameters, metrics, data and the brief; differences are marked with *.

            Examples:
              leanml compare 01JD3K8Z 01JD3M2A
              leanml compare 01JD3K8Z 01JD3M2A --json
            """)
        {
            left, right,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var comparison = await new TrainingService(GlobalOptions.OpenWorkspace(parse)).CompareAsync(parse.GetValue(left)!, parse.GetValue(right)!, ct).ConfigureAwait(false);
            output.Report(comparison, w =>
            {
                w.WriteLine($"  {"",-32} {comparison.Left,-28} {comparison.Right,-28}");
                foreach (var section in comparison.Values.GroupBy(v => v.Section))
                {
                    w.WriteLine(section.Key + ":");
                    foreach (var v in section)
                    {
                        w.WriteLine($"{(v.Differs ? "*" : " ")} {v.Name,-32} {Clip(v.Left),-28} {Clip(v.Right),-28}");
                    }
                }

                w.WriteLine(comparison.BriefDiff.Count == 0 ? "brief: identical" : "brief differences:");
                foreach (var line in comparison.BriefDiff)
                {
                    w.WriteLine("  " + line);
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Clip(string? value) => value is null ? "-" : value.Length > 27 ? value[..26] + "…" : value;
}
