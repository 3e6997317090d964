using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Experiments;
using LeanML.Internal;
using LeanML.Metrics;
using LeanML.Runs;
using LeanML.Storage;

namespace LeanML.Reports;

/// <summary>
/// The findings archive of a workspace (<c>reports/YYYY-MM-DD-slug.md</c>): new skeletons pre-filled from what LeanML
/// knows of the project, validation of every report, and rendering with live numbers read from their sources.
/// </summary>
public sealed class ReportService(Workspace.Workspace workspace, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The reports folder.</summary>
    public string Folder => System.IO.Path.Combine(workspace.Root, "reports");

    /// <summary>The report files, sorted by name (oldest first, by their dated names).</summary>
    public IReadOnlyList<string> Files() =>
        Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, "*.md").Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Reads one report (a path relative to the current folder or the workspace, or a bare file name in reports/).</summary>
    public ReportDocument Read(string path)
    {
        var full = Resolve(path);
        return ReportParser.Parse(Relative(full), File.ReadAllText(full), workspace.Root);
    }

    /// <summary>Validates every report; the result lists each problem with its file and line.</summary>
    public ReportCheck Check()
    {
        var documents = Files().Select(f => ReportParser.Parse(Relative(f), File.ReadAllText(f), workspace.Root)).ToList();
        return new ReportCheck(documents.Count, documents.Count(d => !d.Valid), documents.SelectMany(d => d.Issues).ToList());
    }

    /// <summary>
    /// Writes a skeleton <c>reports/TODAY-slug.md</c> pre-filled from the project (its question, the latest run's verdict
    /// sentence as recorded, the latest decision of its experiments); never overwrites a file. Returns its path.
    /// </summary>
    public async Task<string> NewAsync(string title, string? project, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new LeanMLInputException("the title is empty; give the report a title, e.g. leanml report new \"Churn model: the verdict\".", field: "TITLE");
        }

        var slug = Slug(title);
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var file = System.IO.Path.Combine(Folder, $"{today:yyyy-MM-dd}-{slug}.md");
        if (File.Exists(file))
        {
            throw new LeanMLInputException($"{Relative(file)} exists already; nothing was written. Choose another title, or edit that report.", Relative(file), field: "TITLE");
        }

        string? question = null, owner = null, verdictSentence = null, runId = null, metric = null, experiment = null, decision = null;
        if (project is not null)
        {
            var brief = Training.ProjectBrief.Load(workspace, project);
            var section = YamlSection.Parse(brief.File, brief.Text);
            question = section.String("question");
            owner = section.String("owner");
            await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
            if ((await new RunStore(state).ListAsync(project, cancellationToken).ConfigureAwait(false)).FirstOrDefault() is { } run)
            {
                (verdictSentence, runId, metric) = (run.Verdict, run.Id, run.Metric);
            }

            var experiments = new ExperimentService(workspace, state);
            foreach (var summary in await new ExperimentStore(state).ListAsync(cancellationToken).ConfigureAwait(false))
            {
                ExperimentDefinition definition;
                try
                {
                    definition = experiments.Definition(summary.Name);
                }
                catch (LeanMLInputException)
                {
                    continue;
                }

                if (definition.Project == project)
                {
                    experiment = summary.Name;
                    decision = (await experiments.AnalyzeAsync(summary.Name, cancellationToken).ConfigureAwait(false)).Sentence;
                    break;
                }
            }
        }

        var author = owner ?? Environment.UserName;
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append(CultureInfo.InvariantCulture, $"title: {Quote(title)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"authors: [{Quote(author)}]\n");
        sb.Append("tldr: \"TODO: the one sentence a busy reader should take away.\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"created: {today:yyyy-MM-dd}\n");
        sb.Append("tags: []\n");
        if (project is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"project: {Quote(project)}\n");
        }

        sb.Append("status: draft\n");
        if (runId is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"runs: [{runId}]\n");
        }

        if (experiment is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"experiments: [{Quote(experiment)}]\n");
            sb.Append(CultureInfo.InvariantCulture, $"decision: {Quote(decision!)}\n");
        }

        sb.Append("---\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"# {title}\n\n");
        sb.Append("## The question\n\n");
        sb.Append(question ?? "TODO: the question this report answers.").Append("\n\n");
        sb.Append("## What we found\n\n");
        if (runId is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"The latest run, {runId}, scored {metric} {{{{ run {runId} {metric} }}}}. Its verdict, as recorded:\n\n> {verdictSentence}\n\n");
        }
        else
        {
            sb.Append("TODO: the finding, with its numbers (write live numbers as {{ metric NAME }} or {{ run RUNID METRIC }}).\n\n");
        }

        sb.Append("## The decision\n\n");
        sb.Append(experiment is not null ? $"The experiment {experiment}: {{{{ experiment {experiment} decision }}}}\n\n" : "TODO: what was decided, by whom.\n\n");
        sb.Append("## What we do next\n\nTODO\n");
        WriteNew(file, sb.ToString());
        return Relative(file);
    }

    /// <summary>
    /// Renders a report with its live numbers read from their sources (the run registry, the experiment's analysis, the
    /// metric's definition over the warehouse), each shown with its as-of. An invalid report or an unknown reference is
    /// an input error naming the file and line, never an empty string.
    /// </summary>
    public async Task<RenderedReport> RenderAsync(string path, CancellationToken cancellationToken = default)
    {
        var document = Read(path);
        if (!document.Valid)
        {
            var first = document.Issues[0];
            throw new LeanMLInputException(first.Message + (document.Issues.Count > 1 ? $" ({document.Issues.Count - 1} more problem(s): see 'leanml report check')" : ""), first.File, first.Line, field: first.Field);
        }

        var numbers = new List<LiveNumber>();
        foreach (var reference in document.References)
        {
            numbers.Add(await ResolveAsync(document, reference, cancellationToken).ConfigureAwait(false));
        }

        var text = File.ReadAllText(Resolve(path)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        foreach (var group in numbers.GroupBy(n => n.Line))
        {
            var line = lines[group.Key - 1];
            foreach (var n in group)
            {
                var index = line.IndexOf(n.Reference, StringComparison.Ordinal);
                line = line[..index] + Shown(n) + line[(index + n.Reference.Length)..];
            }

            lines[group.Key - 1] = line;
        }

        var markdown = string.Join('\n', lines);
        var body = string.Join('\n', lines[(document.BodyLine - 1)..]);
        var front = document.FrontMatter!;
        var pipeline = Markdig.MarkdownExtensions.UseAdvancedExtensions(new Markdig.MarkdownPipelineBuilder()).Build();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Html(front.Title)}</title>\n</head>\n<body>\n<header>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{Html(string.Join(", ", front.Authors))} · {front.Created:yyyy-MM-dd} · {Html(front.Status)}</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"tldr\"><strong>TL;DR</strong> {Html(front.Tldr)}</p>\n</header>\n");
        html.Append(Markdig.Markdown.ToHtml(body, pipeline));
        html.Append("</body>\n</html>\n");
        return new RenderedReport(document.Path, front.Title, markdown, html.ToString(), numbers);
    }

    private async Task<LiveNumber> ResolveAsync(ReportDocument document, LiveReference r, CancellationToken cancellationToken)
    {
        LeanMLInputException Unknown(string why) =>
            new($"'{r.Text}' is an unknown reference: {why}.", document.Path, r.Line, field: r.Text);

        switch (r.Kind)
        {
            case "run":
            {
                await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
                var store = new RunStore(state);
                TrainingRunRecord? run;
                if (r.Target.EndsWith(":latest", StringComparison.Ordinal))
                {
                    var project = r.Target[..^":latest".Length];
                    run = (await store.ListAsync(project, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                    if (run is null)
                    {
                        throw Unknown($"the project '{project}' has no run yet (train one with 'leanml train {project}')");
                    }
                }
                else
                {
                    run = await store.FindAsync(r.Target, cancellationToken).ConfigureAwait(false) ?? throw Unknown($"there is no run '{r.Target}' (list them with 'leanml runs')");
                }

                var value = RunValue(run, r.Field!) ?? throw Unknown($"the run {run.Id} has no metric '{r.Field}' (its primary metric is {run.Metric}; lift and baseline are also known)");
                return new LiveNumber(r.Line, r.Text, value, Training.TrainingService.Format(value), $"run {run.Id}", run.CreatedAt, null);
            }

            case "experiment":
            {
                await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
                if (await new ExperimentStore(state).FindAsync(r.Target, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw Unknown($"the experiment '{r.Target}' was not created (run 'leanml experiment create {r.Target}')");
                }

                var analysis = await new ExperimentService(workspace, state).AnalyzeAsync(r.Target, cancellationToken).ConfigureAwait(false);
                return new LiveNumber(r.Line, r.Text, null, analysis.Sentence, $"experiment {r.Target}", _clock.GetUtcNow(), null);
            }

            default:
            {
                var metrics = new MetricService(workspace);
                if (!MetricDefinition.Names(MetricDefinition.Folder(workspace)).Contains(r.Target, StringComparer.Ordinal))
                {
                    throw Unknown($"the metric '{r.Target}' is not defined (no metrics/{r.Target}.yaml)");
                }

                MetricValue value;
                if (r.Arguments.TryGetValue("experiment", out var experiment))
                {
                    await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
                    value = await new ExperimentService(workspace, state).MetricForVariantAsync(experiment, r.Target, r.Arguments["variant"], cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    DateTimeOffset? since = Day(r.Arguments.GetValueOrDefault("since")), until = Day(r.Arguments.GetValueOrDefault("until"));
                    if (r.Arguments.TryGetValue("month", out var month))
                    {
                        since = Day(month + "-01");
                        until = since!.Value.AddMonths(1);
                    }

                    value = await metrics.ComputeAsync(new MetricRequest(r.Target, Since: since, Until: until), cancellationToken).ConfigureAwait(false);
                }

                var row = value.Rows[0];
                return new LiveNumber(r.Line, r.Text, row.Value, row.Formatted, $"metric {r.Target}", value.AsOf, value.DefinitionHash);
            }
        }
    }

    /// <summary>Re-indexes the archive incrementally (by file hash), then searches it.</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var index = new ReportIndex(state);
        var refreshed = await index.RefreshAsync(workspace.Root, Folder, cancellationToken).ConfigureAwait(false);
        var hits = await index.SearchAsync(request, cancellationToken).ConfigureAwait(false);
        return new SearchResult(request.Query, hits, refreshed);
    }

    /// <summary>A run's value for a metric name: the primary metric, lift, baseline, or any test-set metric it recorded.</summary>
    private static double? RunValue(TrainingRunRecord run, string field)
    {
        if (field == run.Metric)
        {
            return run.ModelValue;
        }

        if (field == "lift")
        {
            return run.Lift;
        }

        if (field == "baseline")
        {
            return run.BaselineValue;
        }

        try
        {
            using var details = JsonDocument.Parse(run.Details);
            return details.RootElement.TryGetProperty("metrics", out var metrics)
                   && metrics.TryGetProperty("test", out var test)
                   && test.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number
                ? v.GetDouble()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shown(LiveNumber n)
    {
        var asOf = n.AsOf is { } t ? $"as of {t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "as of: not loaded by LeanML";
        var source = n.DefinitionHash is { } h ? $"{n.Source}, definition {h[..12]}" : n.Source;
        return $"{n.Text} _({source}, {asOf})_";
    }

    private static DateTimeOffset? Day(string? text) =>
        text is null ? null : new DateTimeOffset(DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private string Resolve(string path)
    {
        foreach (var candidate in new[] { System.IO.Path.GetFullPath(path), System.IO.Path.Combine(workspace.Root, path), System.IO.Path.Combine(Folder, path) })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var known = Files().Select(System.IO.Path.GetFileName).OfType<string>().ToList();
        throw new LeanMLInputException($"no report '{path}'.{Suggestions.DidYouMean(System.IO.Path.GetFileName(path), known)} Reports are in reports/ (list them with 'leanml search \"\"').", field: "FILE");
    }

    private string Relative(string full) => System.IO.Path.GetRelativePath(workspace.Root, full).Replace('\\', '/');

    private const string Accented = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ";
    private const string Unaccented = "aaaaaaceeeeiiiinoooooouuuuyy";

    /// <summary>A title as a file-name slug: lower-case letters and digits joined by '-'.</summary>
    public static string Slug(string title)
    {
        var sb = new StringBuilder();
        foreach (var raw in title.ToLowerInvariant())
        {
            // Accented Latin letters keep their base letter (the CLI runs with invariant globalization, where
            // Unicode normalisation is not available).
            var at = Accented.IndexOf(raw, StringComparison.Ordinal);
            var c = at >= 0 ? Unaccented[at] : raw;
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "report" : slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }

    // A YAML double-quoted scalar (JSON's escapes are valid YAML).
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "\"";

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static void WriteNew(string path, string text)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(text);
    }
}
