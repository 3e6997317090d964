using LeanML.Runs;
using LeanML.Internal;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LeanML.Examples;
using LeanML.Experiments;
using LeanML.Ingestion;
using LeanML.Scoring;
using LeanML.Server;
using LeanML.Sources;
using LeanML.Storage;
using LeanML.Transforms;
using LeanML.Training;
using LeanML.Workspace;
using Microsoft.Extensions.DependencyInjection;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml demo [DIR]</c>: the whole loop on the example company, step by step.</summary>
internal static class DemoCommand
{
    private const string Project = "churn";
    private const string Experiment = "churn-outreach";
    private const string ScoringInput = "churn_customers";
    private const string ScoringOutput = "churn_scores";

    public static Command Create()
    {
        var dir = GlobalOptions.DirArgument("Folder for the example workspace (default: a new folder it names)");
        var command = new Command("demo", """
            Run the whole loop on an example company, printing each step, its result and its time:
            create the workspace with vendor-shaped exports, ingest them (showing quarantined lines), train the
            churn model against the business rule, promote it, score every customer in batch, serve it over HTTP
            (with one bad request), analyse the finished outreach experiment to a ship decision, and serve a day of
            shifted traffic (monthly-billed customers' logins fall to a quarter) that 'leanml monitor' catches,
            and print the week's update and the digest it would send (dry run).

            Examples:
              leanml demo
              leanml demo /tmp/acme
              leanml demo /tmp/acme --json
            """)
        {
            dir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var target = GlobalOptions.NewWorkspaceDir(parse, dir, Path.Combine(Path.GetTempPath(), $"leanml-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
            var steps = new List<DemoStep>();
            var demo = new Demo(output, steps, ct);

            var workspace = await demo.StepAsync("create the example company", async () =>
            {
                var ws = WorkspaceInitializer.Create(target);
                await WorkspaceInitializer.CreateStoresAsync(ws, ct).ConfigureAwait(false);

                var company = ExampleCompany.Write(ws, new ExampleCompanyOptions(), ct);
                return (ws, $"workspace at {ws.Root}: {company.Customers:N0} customers, {company.Files.Count} files (exports in data/, projects/churn, experiments/{Experiment})");
            }).ConfigureAwait(false);

            await demo.StepAsync("ingest the exports", () => IngestAsync(output, workspace, ct)).ConfigureAwait(false);
            await demo.StepAsync("build the transforms and test the data", () => BuildAsync(output, workspace, ct)).ConfigureAwait(false);
            var run = await demo.StepAsync("train the churn model against the business rule", () => TrainAsync(output, workspace, ct)).ConfigureAwait(false);
            await using var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false);
            await demo.StepAsync("promote it to production", async () =>
            {
                var record = await new RunStore(state).GetAsync(run.RunId, ct).ConfigureAwait(false);
                var promotion = await new RunStore(state).PromoteAsync(record, "leanml-demo", ct).ConfigureAwait(false);
                return (promotion, $"run {promotion.RunId} is now the production model of '{Project}'");
            }).ConfigureAwait(false);
            await demo.StepAsync("score every customer in batch", () => ScoreAsync(workspace, ct)).ConfigureAwait(false);
            await demo.StepAsync("serve the model over HTTP", () => ServeAsync(output, workspace, state, ct)).ConfigureAwait(false);
            var analysis = await demo.StepAsync("analyse the outreach experiment", () => ExperimentAsync(output, workspace, state, ct)).ConfigureAwait(false);
            await demo.StepAsync("serve a day of shifted traffic and monitor it", () => WatchAsync(output, workspace, ct)).ConfigureAwait(false);

            var update = await demo.StepAsync("write the week's update", async () =>
            {
                var week = await new LeanML.Projects.ProjectBoard(workspace).UpdateAsync(null, LeanML.Projects.ProjectBoard.DefaultWindow, ct).ConfigureAwait(false);
                return (week, string.Join("; ", week.Projects.Select(p => $"{p.Project}: {p.Health} ({p.Lines.Count} lines)")));
            }).ConfigureAwait(false);
            var digest = await demo.StepAsync("compose the digest (dry run)", async () =>
            {
                var result = await new LeanML.Digest.DigestService(workspace).RunAsync(new LeanML.Digest.DigestRequest(LeanML.Projects.ProjectBoard.DefaultWindow, [], DryRun: true), ct).ConfigureAwait(false);
                return (result, $"{result.Items.Count} item(s) new this week; nothing sent (dry run)");
            }).ConfigureAwait(false);
            output.Human.WriteLine();
            output.Human.Write(LeanML.Projects.UpdateDocument.Markdown(update));
            output.Human.WriteLine();
            DigestCommand.Write(output.Human, digest, workspace.Settings.Digest.Count == 0);

            output.Report(new DemoReport(workspace.Root, run.RunId, run.Verdict, analysis.Sentence, steps), w =>
            {
                w.WriteLine();
                w.WriteLine($"Done in {steps.Sum(s => s.Seconds):0.0} s. Next, try:");
                w.WriteLine($"  cd {workspace.Root}");
                w.WriteLine("  leanml tables                          # what was loaded");
                w.WriteLine("  leanml quarantine                      # the lines that were rejected, and why");
                w.WriteLine($"{"  leanml show " + run.RunId[..10],-41}# the run: metrics, importance, fingerprint");
                w.WriteLine($"  leanml sql \"SELECT * FROM {ScoringOutput} ORDER BY score DESC LIMIT 50\"   # this week's call list");
                w.WriteLine("  leanml serve                           # the HTTP API on 127.0.0.1:5080");
                w.WriteLine($"  leanml experiment analyze {Experiment}");
                w.WriteLine("  leanml projects                        # the board: stage, due date, health");
                w.WriteLine("  leanml update --html update.html       # the week's update as a page");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<(IReadOnlyList<IngestResult>, string)> IngestAsync(CliOutput output, LeanML.Workspace.Workspace workspace, CancellationToken ct)
    {
        IReadOnlyList<IngestResult> results;
        await using (var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
        {
            // Through the adapters, as 'leanml ingest data/' loads them: the transforms read the canonical tables.
            var options = new SourceOptions { GmailFolding = workspace.Settings.Identity.GmailFolding };
            results = [.. (await SourceIngestService.IngestAsync(warehouse, workspace, new IngestRequest([workspace.DataDir]), options, null, ct).ConfigureAwait(false)).Select(l => l.Load)];
        }

        foreach (var r in results)
        {
            output.Human.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {Path.GetFileName(r.File),-28} -> {r.Table,-24} {r.RowsLoaded,9:N0} rows, {r.RowsQuarantined} quarantined"));
            foreach (var q in r.QuarantineFile is null ? [] : QuarantineReader.Read(workspace, r.LoadId))
            {
                output.Human.WriteLine($"      line {q.Line}: {q.Reason}");
            }
        }

        var loaded = results.Sum(r => r.RowsLoaded);
        var quarantined = results.Sum(r => r.RowsQuarantined);
        return (results, $"{results.Count} files, {loaded:N0} rows loaded, {quarantined} malformed rows quarantined (nothing lost: read = loaded + quarantined)");
    }

    // 'leanml build' then 'leanml test': the churn features are a transform, swapped in only when its tests pass.
    private static async Task<(BuildResult, string)> BuildAsync(CliOutput output, LeanML.Workspace.Workspace workspace, CancellationToken ct)
    {
        var project = TransformProject.Load(workspace.Root);
        BuildResult build;
        DataTestRun tests;
        await using (var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
        {
            build = await new TransformBuilder(warehouse).BuildAsync(project, [], [], line => output.Human.WriteLine("    " + line), ct).ConfigureAwait(false);
            tests = await new DataTestService(warehouse).RunAsync(project, null, null, ct).ConfigureAwait(false);
        }

        if (build.NotSwapped > 0)
        {
            throw new LeanMLInputException($"the example's transforms did not build: {string.Join("; ", build.Transforms.Where(t => t.Message is not null).Select(t => $"{t.Name}: {t.Message}"))}");
        }

        var built = string.Join(", ", build.Transforms.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} ({t.Materialized}, {t.RowCount:N0} rows)")));
        return (build, $"{build.Built} transforms built in dependency order: {built}; {tests.Results.Count} data tests: {tests.Passed} passed, {tests.Warned} warned, {tests.Failed + tests.Errors} failed");
    }

    private static async Task<(TrainingRunReport, string)> TrainAsync(CliOutput output, LeanML.Workspace.Workspace workspace, CancellationToken ct)
    {
        var report = await new TrainingService(workspace).TrainAsync(Project, 0, [], line => output.Human.WriteLine("    " + line), ct).ConfigureAwait(false);
        foreach (var f in report.Importance.Take(5))
        {
            output.Human.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    top feature: {f.Feature} (gain {f.Gain:0.0})"));
        }

        return (report, report.Verdict);
    }

    private static async Task<(BatchScoreResult, string)> ScoreAsync(LeanML.Workspace.Workspace workspace, CancellationToken ct)
    {
        // This week's customers: the project's own dataset query, materialised as the batch input.
        var brief = ProjectBrief.Load(workspace, Project);
        await using (var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
        {
            await using (var drop = warehouse.Command($"DROP TABLE IF EXISTS {SqlNames.Quote(ScoringInput)}"))
            {
                await drop.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await using var create = warehouse.Command($"CREATE TABLE {SqlNames.Quote(ScoringInput)} AS SELECT * FROM ({brief.Dataset.Sql.TrimEnd().TrimEnd(';')}) AS d");
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var result = await new BatchScorer(workspace).ScoreAsync(Project, ScoringInput, ScoringOutput, null, null, ct).ConfigureAwait(false);
        return (result, $"{result.Rows:N0} customers scored by run {result.RunId} into table {ScoringOutput}");
    }

    private static async Task<(int, string)> ServeAsync(CliOutput output, LeanML.Workspace.Workspace workspace, Database state, CancellationToken ct)
    {
        var model = await new ModelSource(workspace).LoadAsync(state, Project, null, ct).ConfigureAwait(false);
        List<Dictionary<string, object?>> rows;
        await using (var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false))
        {
            rows = await SampleRowsAsync(warehouse, model, 3, ct).ConfigureAwait(false);
        }

        await using var app = await LeanMLServer.BuildAsync(workspace, "127.0.0.1", 0, cancellationToken: ct).ConfigureAwait(false);
        await app.StartAsync(ct).ConfigureAwait(false);
        var url = app.Urls.First();
        output.Human.WriteLine($"    listening on {url}");
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var good = await http.PostAsJsonAsync($"/v1/projects/{Project}/predict", new PredictBody(rows), CliOutput.JsonOptions.Info<PredictBody>(), ct).ConfigureAwait(false);
        var goodBody = await good.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        output.Human.WriteLine($"    POST /v1/projects/{Project}/predict (3 customers) -> {(int)good.StatusCode}: {Compact(goodBody)}");

        var bad = new Dictionary<string, object?>(rows[0]) { ["favourite_colour"] = "teal" };
        var badResponse = await http.PostAsJsonAsync($"/v1/projects/{Project}/predict", new PredictBody([bad]), CliOutput.JsonOptions.Info<PredictBody>(), ct).ConfigureAwait(false);
        var badBody = await badResponse.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        output.Human.WriteLine($"    POST with an unknown field -> {(int)badResponse.StatusCode}: {Compact(badBody)}");

        var serving = app.Services.GetRequiredService<ServingState>();
        await app.StopAsync(ct).ConfigureAwait(false);
        if (!good.IsSuccessStatusCode || badResponse.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the demo's HTTP step did not behave: good request {(int)good.StatusCode}, bad request {(int)badResponse.StatusCode}.");
        }

        return ((int)good.StatusCode, $"answered 1 good and 1 bad request (problem details naming the field); stopped with {serving.Log.Logged} predictions logged");
    }

    private static async Task<List<Dictionary<string, object?>>> SampleRowsAsync(Database warehouse, ScoringModel model, int count, CancellationToken ct)
    {
        var columns = string.Join(", ", model.Schema.Features.Select(f => SqlNames.Quote(f.Name)));
        await using var cmd = warehouse.Command($"SELECT {columns} FROM {SqlNames.Quote(ScoringInput)} LIMIT {count}");
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : WarehouseCatalog.Plain(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    // A day of traffic where monthly-billed customers' usage collapsed (logins down to a quarter, seats used halved),
    // sent through the HTTP predict path (so it is logged as production traffic is), then `leanml monitor --since 1d`.
    private static async Task<(Monitoring.MonitorReport, string)> WatchAsync(CliOutput output, LeanML.Workspace.Workspace workspace, CancellationToken ct)
    {
        ScoringModel model;
        await using (var state = await StateStore.OpenAsync(workspace, ct).ConfigureAwait(false))
        {
            model = await new ModelSource(workspace).LoadAsync(state, Project, null, ct).ConfigureAwait(false);
        }

        List<Dictionary<string, object?>> rows;
        await using (var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false))
        {
            rows = await SampleRowsAsync(warehouse, model, int.MaxValue, ct).ConfigureAwait(false);
        }

        var shifted = 0;
        foreach (var row in rows.Where(r => r.GetValueOrDefault("billing_interval") as string == "month"))
        {
            row["logins_last_4w"] = row.GetValueOrDefault("logins_last_4w") is { } l ? Convert.ToDouble(l, CultureInfo.InvariantCulture) / 4 : null;
            row["login_trend"] = row.GetValueOrDefault("login_trend") is { } t ? Convert.ToDouble(t, CultureInfo.InvariantCulture) / 4 : null;
            row["seat_utilisation"] = row.GetValueOrDefault("seat_utilisation") is { } u ? Convert.ToDouble(u, CultureInfo.InvariantCulture) / 2 : null;
            shifted++;
        }

        await using (var app = await LeanMLServer.BuildAsync(workspace, "127.0.0.1", 0, cancellationToken: ct).ConfigureAwait(false))
        {
            await app.StartAsync(ct).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            foreach (var chunk in rows.Chunk(100))
            {
                using var response = await http.PostAsJsonAsync($"/v1/projects/{Project}/predict", new PredictBody(chunk), CliOutput.JsonOptions.Info<PredictBody>(), ct).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
            }

            await app.StopAsync(ct).ConfigureAwait(false);
        }

        output.Human.WriteLine($"    served {rows.Count:N0} predictions, {shifted:N0} of them monthly-billed customers whose logins fell to a quarter");
        var report = await new Monitoring.MonitorService(workspace).MonitorAsync(new Monitoring.MonitorRequest(Project) { Since = TimeSpan.FromDays(1) }, null, ct).ConfigureAwait(false);
        foreach (var c in new[] { report.Prediction }.Concat(report.Features.Where(f => f.Drifted).Take(5)).Concat(report.Features.Where(f => !f.Drifted).Take(2)))
        {
            output.Human.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {(c.Role == Monitoring.ColumnDrift.PredictionRole ? "(prediction)" : c.Column),-22} {c.Verdict,-16} psi {c.Psi:0.000}  p {(c.PValue is { } pv ? Monitoring.DriftComparison.FormatPValue(pv) : "")}"));
        }

        output.Human.WriteLine($"    leanml monitor {Project} --since 1d would exit {(report.Drift ? 1 : 0)} and alert: {report.Alert ?? "(nothing)"}");
        return (report, report.Summary);
    }

    private static async Task<(ExperimentAnalysis, string)> ExperimentAsync(CliOutput output, LeanML.Workspace.Workspace workspace, Database state, CancellationToken ct)
    {
        var service = new ExperimentService(workspace, state);
        await service.CreateAsync(Experiment, ct).ConfigureAwait(false);
        var units = await UnitSource.ReadAsync(workspace, Path.Combine(workspace.DataDir, "experiment_units.csv"), null, service.Definition(Experiment).Unit, ct).ConfigureAwait(false);
        var assignments = await service.AssignAsync(Experiment, units, ct).ConfigureAwait(false);
        output.Human.WriteLine($"    {assignments.Count:N0} customers on the call list assigned: " +
            string.Join(", ", assignments.GroupBy(a => a.Variant).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count():N0} {g.Key}")));
        var events = await new EventStore(state).LoadFileAsync(Path.Combine(workspace.DataDir, "experiment_events.csv"), ct).ConfigureAwait(false);
        output.Human.WriteLine($"    {events.Accepted:N0} events stored (renewals, payments, refunds), {events.Duplicates:N0} duplicates ignored");
        var analysis = await service.AnalyzeAsync(Experiment, ct).ConfigureAwait(false);
        return (analysis, analysis.Sentence);
    }

    private static string Compact(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var text = JsonSerializer.Serialize(doc.RootElement, CliOutput.CompactJson.Info<JsonElement>());
            return text.Length > 240 ? text[..240] + "…" : text;
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private sealed class Demo(CliOutput output, List<DemoStep> steps, CancellationToken ct)
    {
        public async Task<T> StepAsync<T>(string name, Func<Task<(T Value, string Result)>> step)
        {
            ct.ThrowIfCancellationRequested();
            output.Human.WriteLine($"==> {name}");
            var clock = Stopwatch.StartNew();
            var (value, result) = await step().ConfigureAwait(false);
            steps.Add(new DemoStep(name, result, Math.Round(clock.Elapsed.TotalSeconds, 3)));
            output.Human.WriteLine($"    {result} ({clock.Elapsed.TotalSeconds:0.00} s)");
            return value;
        }
    }

    /// <summary>One step of the demo and how long it took.</summary>
    internal sealed record DemoStep(string Name, string Result, double Seconds);

    /// <summary>The body of a predict request: rows of feature values.</summary>
    internal sealed record PredictBody(IReadOnlyList<Dictionary<string, object?>> Rows);

    /// <summary><c>leanml demo --json</c>.</summary>
    internal sealed record DemoReport(string Workspace, string RunId, string Verdict, string Decision, IReadOnlyList<DemoStep> Steps);
}
