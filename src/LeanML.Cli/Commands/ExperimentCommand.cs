using LeanML.Cli.Reports;
using System.CommandLine;
using System.Globalization;
using LeanML.Experiments;
using LeanML.Storage;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml experiment create|list|show|stop|assign|analyze|plan|events</c>: A/B tests (DESIGN.md section 7).</summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var command = new Command("experiment", """
            A/B tests that end in a clear ship decision. An experiment is a file experiments/NAME.yaml
            (variants with weights, a primary metric, guardrails with a direction and margin, optional
            cuped/pre_days/alpha/power/mde/start/salt); 'create' validates and registers it.

            Examples:
              leanml experiment create churn-outreach
              leanml experiment assign churn-outreach cust-42
              leanml experiment assign churn-outreach --input data/call-list.csv
              leanml experiment analyze churn-outreach
              leanml experiment plan --metric-kind proportion --baseline-rate 0.2 --mde 0.02
            """);
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(StopCommand());
        command.Subcommands.Add(AssignCommand());
        command.Subcommands.Add(AnalyzeCommand());
        command.Subcommands.Add(PlanCommand());
        command.Subcommands.Add(EventsCommand());
        return command;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The experiment (its file is experiments/NAME.yaml)" };

    private static Command CreateCommand()
    {
        var name = NameArgument();
        var command = new Command("create", """
            Validate experiments/NAME.yaml and register the experiment. Its start is the file's 'start:' date,
            or now; assignment begins and events at or after the start count.

            Examples:
              leanml experiment create churn-outreach
              leanml experiment create churn-outreach --json
            """) { name };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, output) =>
        {
            var summary = await service.CreateAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            output.Report(summary, w => WriteSummary(w, summary));
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", """
            List the created experiments with their status and assigned units.

            Examples:
              leanml experiment list
              leanml experiment list --json
            """);
        command.SetAction((parse, ct) => RunAsync(parse, async (service, output) =>
        {
            var list = await service.ListAsync(ct).ConfigureAwait(false);
            output.Report(list, w =>
            {
                if (list.Count == 0)
                {
                    w.WriteLine("No experiments yet. Write experiments/NAME.yaml, then run 'leanml experiment create NAME'.");
                }

                foreach (var s in list)
                {
                    w.WriteLine($"{s.Name,-24} {s.Status,-8} since {s.Start:yyyy-MM-dd}  {s.Units.Values.Sum(),10:N0} units  primary {s.Primary}");
                }
            });
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command ShowCommand()
    {
        var name = NameArgument();
        var command = new Command("show", """
            Show one experiment: status, start, salt, variants with weights and assigned units.

            Examples:
              leanml experiment show churn-outreach
            """) { name };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, output) =>
        {
            var summary = await service.ShowAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            output.Report(summary, w => WriteSummary(w, summary));
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command StopCommand()
    {
        var name = NameArgument();
        var command = new Command("stop", """
            Stop an experiment: no new units are assigned (known units keep their variant) and events after
            now are not analysed.

            Examples:
              leanml experiment stop churn-outreach
            """) { name };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, output) =>
        {
            var summary = await service.StopAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            output.Report(summary, w => WriteSummary(w, summary));
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command AssignCommand()
    {
        var name = NameArgument();
        var unit = new Argument<string?>("UNIT") { Description = "One unit to assign", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string?>("--input") { Description = "A batch: CSV file, text file (one unit per line) or warehouse table", HelpName = "FILE|TABLE" };
        var column = new Option<string?>("--column") { Description = "The unit column of --input (default: the experiment's unit name, 'unit', or the first column)", HelpName = "COL" };
        var outFile = new Option<string?>("--output") { Description = "Write unit,variant as CSV to this file", HelpName = "FILE" };
        var command = new Command("assign", """
            Assign a unit, or a batch, to a variant: deterministic (GrowthBook hash of salt and unit, cut by
            the weights) and sticky (the first assignment is recorded with its time and returned forever,
            even after the weights change).

            Examples:
              leanml experiment assign churn-outreach cust-42
              leanml experiment assign churn-outreach --input data/call-list.csv --output split.csv
              leanml experiment assign churn-outreach --input customers --column customer_id --json
            """) { name, unit, input, column, outFile };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, output, _) =>
        {
            var experiment = parse.GetValue(name)!;
            IReadOnlyList<string> units;
            if (parse.GetValue(input) is { } source)
            {
                units = await UnitSource.ReadAsync(service.Workspace, source, parse.GetValue(column), service.Definition(experiment).Unit, ct).ConfigureAwait(false);
            }
            else if (parse.GetValue(unit) is { } one)
            {
                units = [one];
            }
            else
            {
                throw new LeanMLInputException("give a UNIT or --input FILE|TABLE.", field: "UNIT");
            }

            var assignments = await service.AssignAsync(experiment, units, ct).ConfigureAwait(false);
            if (parse.GetValue(outFile) is { } path)
            {
                // Written beside and renamed: a kill or a full disk never leaves a cut-short file in place of the previous one.
                var full = Path.GetFullPath(path);
                var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
                try
                {
                    await File.WriteAllLinesAsync(temp, ["unit,variant", .. assignments.Select(a => $"{Csv(a.Unit)},{Csv(a.Variant)}")], ct).ConfigureAwait(false);
                    File.Move(temp, full, overwrite: true);
                }
                finally
                {
                    File.Delete(temp);
                }
            }

            var result = new AssignReport(experiment, assignments, assignments.GroupBy(a => a.Variant).ToDictionary(g => g.Key, g => g.Count()), assignments.Count(a => a.New));
            output.Report(result, w =>
            {
                if (assignments.Count == 1)
                {
                    w.WriteLine(assignments[0].Variant);
                    return;
                }

                if (parse.GetValue(outFile) is null)
                {
                    foreach (var a in assignments)
                    {
                        w.WriteLine($"{a.Unit},{a.Variant}");
                    }
                }

                output.Status($"{assignments.Count:N0} units: {string.Join(", ", result.Counts.Select(c => $"{c.Key} {c.Value:N0}"))} ({result.NewUnits:N0} newly assigned)");
            });
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command AnalyzeCommand()
    {
        var name = NameArgument();
        var command = new Command("analyze", """
            Analyse an experiment: the decision in one sentence (ship / do not ship / keep running with the
            units still needed / not enough data), then per metric and variant the units, mean, variance,
            absolute and relative lift with confidence intervals, and p-values (Welch; CUPED, Holm and the
            sample-ratio check as configured). Exit code 0 only for ship, 1 otherwise, so a script can gate on it.

            Examples:
              leanml experiment analyze churn-outreach
              leanml experiment analyze churn-outreach --json
            """) { name };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, output) =>
        {
            var analysis = await service.AnalyzeAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            output.Report(analysis, w => WriteAnalysis(w, analysis));
            return analysis.Decision == ExperimentDecision.Ship ? ExitCodes.Success : ExitCodes.Negative;
        }, ct));
        return command;
    }

    private static Command PlanCommand()
    {
        var kind = new Option<string>("--metric-kind") { Description = "proportion or mean", Required = true, HelpName = "KIND" };
        var rate = new Option<double?>("--baseline-rate") { Description = "Proportion: today's rate, e.g. 0.2", HelpName = "P" };
        var mean = new Option<double?>("--baseline-mean") { Description = "Mean: today's mean (for the message)", HelpName = "M" };
        var sd = new Option<double?>("--sd") { Description = "Mean: standard deviation per unit", HelpName = "SD" };
        var mde = new Option<double>("--mde") { Description = "Smallest absolute change worth detecting", Required = true, HelpName = "D" };
        var alpha = new Option<double>("--alpha") { Description = "Two-sided significance level", DefaultValueFactory = _ => 0.05 };
        var power = new Option<double>("--power") { Description = "Power wanted", DefaultValueFactory = _ => 0.8 };
        var weights = new Option<string>("--weights") { Description = "Variant shares, control first", DefaultValueFactory = _ => "0.5,0.5", HelpName = "W,W" };
        var daily = new Option<long?>("--daily-units") { Description = "New units per day, to get the days needed", HelpName = "N" };
        var command = new Command("plan", """
            Units per variant (and days) needed to detect an absolute effect with the stated power
            (two-sided z-test, as statsmodels' NormalIndPower). Needs no workspace.

            Examples:
              leanml experiment plan --metric-kind proportion --baseline-rate 0.2 --mde 0.02
              leanml experiment plan --metric-kind mean --baseline-mean 42 --sd 30 --mde 3 --weights 0.3,0.7 --daily-units 400
            """) { kind, rate, mean, sd, mde, alpha, power, weights, daily };
        command.SetAction(parse =>
        {
            var output = GlobalOptions.Output(parse);
            var shares = new List<double>();
            foreach (var part in parse.GetValue(weights)!.Split(',', StringSplitOptions.TrimEntries))
            {
                shares.Add(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new LeanMLInputException($"--weights has '{part}', which is not a number; write shares like 0.5,0.5.", field: "--weights"));
            }

            var plan = ExperimentPlanner.Plan(parse.GetValue(kind)!, parse.GetValue(mde), parse.GetValue(rate), parse.GetValue(mean), parse.GetValue(sd),
                parse.GetValue(alpha), parse.GetValue(power), shares, parse.GetValue(daily));
            output.Report(plan, w => w.WriteLine(plan.Sentence));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command EventsCommand()
    {
        var file = new Argument<string>("FILE") { Description = "CSV (id,unit,name,value,time) or JSON Lines file of events" };
        var command = new Command("events", """
            Load experiment events from a file (same as 'leanml ingest --events FILE'): columns id, unit, name,
            value (default 1) and time (ISO 8601). Idempotent on id: a duplicate is counted, never stored twice.
            A malformed line is reported with its line number while the good ones are stored; exit 1 if any was rejected.

            Examples:
              leanml experiment events data/events.csv
              leanml experiment events data/events.jsonl --json
            """) { file };
        command.SetAction((parse, ct) => RunAsync(parse, (_, output, state) => LoadEventsAsync(output, state, parse.GetValue(file)!, ct), ct));
        return command;
    }

    /// <summary>Loads an events file and reports it; shared by 'experiment events' and 'ingest --events'.</summary>
    internal static async Task<int> LoadEventsAsync(CliOutput output, Database warehouse, string file, CancellationToken ct)
    {
        var result = await new EventStore(warehouse).LoadFileAsync(file, ct).ConfigureAwait(false);
        output.Report(result, w =>
        {
            w.WriteLine($"{result.Accepted:N0} events stored, {result.Duplicates:N0} duplicates ignored, {result.Rejected.Count:N0} rejected.");
            foreach (var r in result.Rejected.Take(20))
            {
                w.WriteLine($"  line {r.Index}: {r.Reason}");
            }
        });
        return result.Rejected.Count == 0 ? ExitCodes.Success : ExitCodes.Negative;
    }

    private static Task<int> RunAsync(ParseResult parse, Func<ExperimentService, CliOutput, Task<int>> action, CancellationToken ct) =>
        RunAsync(parse, (service, output, _) => action(service, output), ct);

    private static async Task<int> RunAsync(ParseResult parse, Func<ExperimentService, CliOutput, Database, Task<int>> action, CancellationToken ct)
    {
        var output = GlobalOptions.Output(parse);
        var workspace = GlobalOptions.OpenWorkspace(parse);
        await using var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
        return await action(new ExperimentService(workspace, state), output, state).ConfigureAwait(false);
    }

    private static void WriteSummary(TextWriter w, ExperimentSummary s)
    {
        w.WriteLine($"{s.Name}: {s.Status}, start {s.Start:yyyy-MM-dd HH:mm} UTC{(s.StoppedAt is { } stop ? $", stopped {stop:yyyy-MM-dd HH:mm} UTC" : "")}, salt '{s.Salt}', primary {s.Primary}");
        foreach (var v in s.Variants)
        {
            w.WriteLine($"  {v.Name,-16} weight {v.Weight,-6:0.####} {s.Units.GetValueOrDefault(v.Name),10:N0} units{(v.Run is null ? "" : $"  run {v.Run}")}");
        }
    }

    private static void WriteAnalysis(TextWriter w, ExperimentAnalysis a)
    {
        w.WriteLine(a.Sentence);
        w.WriteLine();
        var ci = $"{(1 - a.Alpha) * 100:0.##}% CI";
        foreach (var m in a.Metrics)
        {
            var label = $"{m.Metric} ({m.Role}, {m.Kind.ToString().ToLowerInvariant()}{(m.Direction == MetricDirection.Decrease ? ", lower is better" : "")}{(m.Margin is { } margin ? $", margin {margin:0.####}" : "")}{(m.Cuped ? ", CUPED" : "")})";
            w.WriteLine(label);
            var rows = new List<string[]> { new[] { "variant", "units", "mean", "variance", "lift", ci, "relative", "p", "" } };
            foreach (var v in m.Variants)
            {
                var c = m.Comparisons.FirstOrDefault(x => x.Variant == v.Variant);
                rows.Add(c is null
                    ? [v.Variant, v.Units.ToString("N0", CultureInfo.InvariantCulture), G(v.Mean), G(v.Variance), "", "", "", "", "control"]
                    : [v.Variant, v.Units.ToString("N0", CultureInfo.InvariantCulture), G(v.Mean), G(v.Variance), S(c.Lift),
                        c.LiftLow is { } lo ? $"{S(lo)} .. {S(c.LiftHigh!.Value)}" : "-",
                        c.RelativeLift is { } rel ? $"{(rel >= 0 ? "+" : "")}{rel * 100:0.##}%" : "-",
                        c.AdjustedPValue is { } p ? P(p) + (c.AdjustedPValue != c.PValue ? " (Holm)" : "") : "-",
                        Flags(c)]);
            }

            var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
            foreach (var row in rows)
            {
                w.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i is 0 or 8 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
            }

            foreach (var c in m.Comparisons.Where(c => c.Note is not null))
            {
                w.WriteLine($"  note ({c.Variant}): {c.Note}.");
            }

            w.WriteLine();
        }

        var srm = a.Srm;
        w.WriteLine(srm.Checked
            ? $"sample ratio: chi-square {srm.ChiSquare:0.###}, p = {P(srm.PValue)}{(srm.Flagged ? " — MISMATCH: results cannot be trusted" : " — ok")}"
            : $"sample ratio: not checked yet (needs at least {SrmCheck.MinimumUnits} units per variant)");
        w.WriteLine($"period: events from {a.Start:yyyy-MM-dd HH:mm} UTC{(a.End is { } end ? $" to {end:yyyy-MM-dd HH:mm} UTC" : "")}{(a.PreStart is { } pre ? $"; CUPED pre-period from {pre:yyyy-MM-dd HH:mm} UTC" : "")}");
        foreach (var note in a.Notes)
        {
            w.WriteLine($"note: {note}");
        }
    }

    private static string Flags(ComparisonResult c)
    {
        var flags = new List<string>();
        if (c.Significant)
        {
            flags.Add(c.Better ? "better" : "worse");
        }

        if (c.Guardrail is { } g)
        {
            flags.Add($"guardrail {g.ToString().ToLowerInvariant()}");
        }

        if (c.VarianceReduction is { } r && r >= 0.0005)
        {
            flags.Add($"CUPED -{r * 100:0.#}% variance");
        }

        return string.Join(", ", flags);
    }

    private static string G(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);

    private static string S(double v) => (v >= 0 ? "+" : "") + G(v);

    private static string P(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Csv(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
