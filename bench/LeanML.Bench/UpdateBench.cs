using System.Diagnostics;
using System.Globalization;
using LeanML.Experiments;
using LeanML.Ingestion;
using LeanML.Projects;
using LeanML.Runs;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.Bench;

/// <summary>
/// <c>update</c>: the weekly update of 50 projects (issue 22 asks for at most 1 s) over a busy history — per project
/// 40 runs, 2 promotions, 3 stage changes and an experiment started (every fifth one decided, with its analysis), and
/// 2,000 loads over 30 tables in the DuckDB ingest log. Printed: the command's time end to end (opening both stores)
/// and the composition alone with the stores open (median of 5), each against the 1 s budget.
/// Options: --projects N (default 50), --runs N per project (default 40), --loads N (default 2000).
/// </summary>
internal static class UpdateBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var projects = BenchData.Option(args, "--projects", 50);
        var runsPer = BenchData.Option(args, "--runs", 40);
        var loads = BenchData.Option(args, "--loads", 2000);
        var dir = Directory.CreateTempSubdirectory("leanml-bench-update-").FullName;
        try
        {
            var ws = WorkspaceInitializer.Create(dir);
            await WorkspaceInitializer.CreateStoresAsync(ws).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            Directory.CreateDirectory(ws.ExperimentsDir);
            for (var p = 0; p < projects; p++)
            {
                var name = $"p{p:00}";
                Directory.CreateDirectory(ws.ProjectDir(name));
                await File.WriteAllTextAsync(Path.Combine(ws.ProjectDir(name), "project.yaml"), $"""
                    name: {name}
                    owner: owner{p}@acme.example
                    stage: {LeanML.Training.ProjectBrief.Stages[p % 5]}   # a comment
                    due: {DateOnly.FromDateTime(now.UtcDateTime).AddDays(p - 10):yyyy-MM-dd}
                    task: binary
                    dataset:
                      sql: SELECT * FROM table_{p % 30} JOIN table_{(p + 1) % 30} USING (id)
                      id: id
                      label: y
                    baseline:
                      sql: "1.0"
                    metric: auc
                    done_when: auc >= 0.80
                    """).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(ws.ExperimentsDir, $"e{p:00}.yaml"), $"""
                    name: e{p:00}
                    project: {name}
                    variants:
                      - {"{"}name: control, weight: 0.5{"}"}
                      - {"{"}name: model, weight: 0.5{"}"}
                    primary: retained
                    metrics:
                      retained: {"{"}event: renewed, kind: proportion{"}"}
                    """).ConfigureAwait(false);
            }

            await using (var state = await StateStore.OpenAsync(ws).ConfigureAwait(false))
            {
                var runs = new RunStore(state);
                var experiments = new ExperimentStore(state);
                var history = new ProjectHistoryStore(state);
                for (var p = 0; p < projects; p++)
                {
                    var name = $"p{p:00}";
                    for (var r = 0; r < runsPer; r++)
                    {
                        var auc = 0.7 + (0.15 * r / runsPer);
                        var run = new TrainingRunRecord($"01JBENCH{p:00}{r:0000}{new string('0', 12)}", name, now.AddHours(-r * 12), "binary", "auc", auc, 0.7, auc - 0.7, auc >= 0.8, "v", r, "fp", new Dictionary<string, string>(), "{}");
                        await runs.InsertAsync(run).ConfigureAwait(false);
                        if (r < 2)
                        {
                            await runs.PromoteAsync(run, "bench").ConfigureAwait(false);
                        }
                    }

                    for (var s = 0; s < 3; s++)
                    {
                        await history.AddStageChangeAsync(new StageChange(name, "data", "modeling", now.AddDays(-s * 3), "bench")).ConfigureAwait(false);
                    }

                    var e = await experiments.CreateAsync($"e{p:00}", "s", now.AddDays(-5)).ConfigureAwait(false);
                    if (p % 5 == 0)
                    {
                        await experiments.AssignAsync(e.Name, [.. Enumerable.Range(0, 400).Select(i => $"u{i}")], u => int.Parse(u[1..], CultureInfo.InvariantCulture) % 2 == 0 ? "control" : "model", now.AddDays(-5)).ConfigureAwait(false);
                        await experiments.StopAsync(e, now.AddDays(-1)).ConfigureAwait(false);
                    }
                }
            }

            await using (var warehouse = await Warehouse.OpenAsync(ws).ConfigureAwait(false))
            {
                var log = new IngestLogStore(warehouse);
                for (var i = 0; i < loads; i++)
                {
                    var at = now.AddHours(-i);
                    await log.InsertAsync(new IngestLogEntry(i.ToString(CultureInfo.InvariantCulture), $"data/t{i % 30}.csv", "sha", 1, "csv", $"table_{i % 30}", "append", 100, 98, 2, 0, 0, [], [], at, at, "loaded", null), null).ConfigureAwait(false);
                }
            }

            var board = new ProjectBoard(ws);
            await board.UpdateAsync(null, TimeSpan.FromDays(7)).ConfigureAwait(false);
            var endToEnd = new List<double>();
            WeeklyUpdate? update = null;
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                update = await board.UpdateAsync(null, TimeSpan.FromDays(7)).ConfigureAwait(false);
                _ = UpdateDocument.Markdown(update);
                endToEnd.Add(clock.Elapsed.TotalSeconds);
            }

            var composeOnly = new List<double>();
            await using (var state = await StateStore.OpenAsync(ws).ConfigureAwait(false))
            await using (var warehouse = await Warehouse.OpenAsync(ws, readOnly: true).ConfigureAwait(false))
            {
                var composer = new UpdateComposer(ws, state, warehouse);
                for (var i = 0; i < 5; i++)
                {
                    var clock = Stopwatch.StartNew();
                    _ = UpdateDocument.Markdown(await composer.ComposeAsync(null, TimeSpan.FromDays(7)).ConfigureAwait(false));
                    composeOnly.Add(clock.Elapsed.TotalSeconds);
                }
            }

            var lines = update!.Projects.Sum(p => p.Lines.Count) + update.Workspace.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"update: {projects} projects, {projects * runsPer:N0} runs, {loads:N0} loads, {lines:N0} lines in the week"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  end to end (open stores, compose, record health, Markdown): median {Median(endToEnd):0.000} s  vs budget 1.000 s  ratio {Median(endToEnd) / 1.0:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  composition with stores open:                              median {Median(composeOnly):0.000} s  vs budget 1.000 s  ratio {Median(composeOnly) / 1.0:0.00}"));
            return Median(endToEnd) <= 1.0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
