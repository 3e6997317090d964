using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LeanML.Internal;

namespace LeanML.Reports;

/// <summary>
/// Reads a report: the front matter between two <c>---</c> lines (YAML, every key checked, each problem with its line),
/// then the Markdown body and its live references. Problems are collected, not thrown, so <c>report check</c> shows
/// them all at once.
/// </summary>
public static partial class ReportParser
{
    /// <summary>The front-matter keys, required first.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["title", "authors", "tldr", "created", "tags", "project", "status", "decision", "runs", "experiments", "metrics", "supersedes"];

    /// <summary>The statuses a report can have.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["draft", "published", "superseded"];

    /// <summary>Parses a report's text; <paramref name="workspaceRoot"/>, when given, checks that cited projects, experiments, metrics and reports exist.</summary>
    public static ReportDocument Parse(string path, string text, string? workspaceRoot = null)
    {
        var issues = new List<ReportIssue>();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var name = System.IO.Path.GetFileName(path);
        if (!FileNamePattern().IsMatch(name))
        {
            issues.Add(new ReportIssue(path, 1, "file", $"the file name '{name}' is not YYYY-MM-DD-slug.md (e.g. 2026-12-06-churn-model-verdict.md); rename it."));
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            issues.Add(new ReportIssue(path, 1, null, "a report starts with front matter: a line '---', then title, authors, tldr and created, then a line '---'."));
            return new ReportDocument(path, sha, null, text, 1, References(path, lines, 0, issues), issues);
        }

        var end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (end < 0)
        {
            issues.Add(new ReportIssue(path, 1, null, "the front matter has no closing '---' line; end it with a line holding only '---'."));
            return new ReportDocument(path, sha, null, "", lines.Length + 1, [], issues);
        }

        // One blank line first: the YAML's line numbers are then the file's (the opening '---' is line 1).
        var yaml = "\n" + string.Join('\n', lines[1..end]);
        var front = FrontMatter(path, yaml, workspaceRoot, issues);
        var body = string.Join('\n', lines[(end + 1)..]);
        var references = References(path, lines, end + 1, issues);
        if (workspaceRoot is not null && front is not null)
        {
            foreach (var r in references)
            {
                CheckTarget(workspaceRoot, path, r, issues);
            }
        }

        return new ReportDocument(path, sha, issues.Count == 0 ? front : null, body, end + 2, references, issues);
    }

    private static ReportFrontMatter? FrontMatter(string path, string yaml, string? root, List<ReportIssue> issues)
    {
        YamlSection section;
        try
        {
            section = YamlSection.Parse(path, yaml);
        }
        catch (LeanMLInputException ex)
        {
            issues.Add(Issue(path, ex));
            return null;
        }

        foreach (var key in section.Keys)
        {
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                issues.Add(new ReportIssue(path, section.LineOf(key), key, $"unknown key '{key}'.{Suggestions.DidYouMean(key, Keys)} Valid keys: {string.Join(", ", Keys)}."));
            }
        }

        T? Try<T>(Func<T?> read)
        {
            try
            {
                return read();
            }
            catch (LeanMLInputException ex)
            {
                issues.Add(Issue(path, ex));
                return default;
            }
        }

        string? Required(string key, string hint)
        {
            if (!section.Has(key))
            {
                issues.Add(new ReportIssue(path, 1, key, $"the required key '{key}' is missing; add it to the front matter ({hint})."));
                return null;
            }

            return Try(() => section.String(key, required: true));
        }

        var title = Required("title", "title: Churn model: the verdict");
        var tldr = Required("tldr", "tldr: one sentence a busy reader takes away");
        var createdText = Required("created", "created: 2026-12-06");
        DateOnly created = default;
        if (createdText is not null && !DateOnly.TryParseExact(createdText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out created))
        {
            issues.Add(new ReportIssue(path, section.LineOf("created"), "created", $"'created' is '{createdText}'; write the date as YYYY-MM-DD, e.g. 2026-12-06."));
        }

        IReadOnlyList<string> authors = [];
        if (!section.Has("authors"))
        {
            issues.Add(new ReportIssue(path, 1, "authors", "the required key 'authors' is missing; add it to the front matter (authors: [ana@acme.example])."));
        }
        else
        {
            authors = Try(() => section.StringList("authors")) ?? [];
            if (authors.Count == 0 || authors.Any(string.IsNullOrWhiteSpace))
            {
                issues.Add(new ReportIssue(path, section.LineOf("authors"), "authors", "'authors' must name at least one author, e.g. authors: [ana@acme.example]."));
            }
        }

        var status = Try(() => section.OneOf("status", Statuses)) ?? "draft";
        var project = Try(() => section.String("project"));
        var tags = Try(() => section.StringList("tags")) ?? [];
        var runs = Try(() => section.StringList("runs")) ?? [];
        var experiments = Try(() => section.StringList("experiments")) ?? [];
        var metrics = Try(() => section.StringList("metrics")) ?? [];
        var supersedes = Try(() => section.String("supersedes"));
        var decision = Try(() => section.String("decision"));
        if (root is not null)
        {
            if (project is not null && !File.Exists(System.IO.Path.Combine(root, "projects", project, "project.yaml")))
            {
                issues.Add(new ReportIssue(path, section.LineOf("project"), "project", $"'project' names '{project}', which has no projects/{project}/project.yaml."));
            }

            foreach (var e in experiments.Where(e => !File.Exists(System.IO.Path.Combine(root, "experiments", e + ".yaml"))))
            {
                issues.Add(new ReportIssue(path, section.LineOf("experiments"), "experiments", $"'experiments' names '{e}', which has no experiments/{e}.yaml."));
            }

            foreach (var m in metrics.Where(m => !File.Exists(System.IO.Path.Combine(root, "metrics", m + ".yaml"))))
            {
                issues.Add(new ReportIssue(path, section.LineOf("metrics"), "metrics", $"'metrics' names '{m}', which has no metrics/{m}.yaml."));
            }

            if (supersedes is not null && !File.Exists(System.IO.Path.Combine(root, "reports", supersedes.EndsWith(".md", StringComparison.Ordinal) ? supersedes : supersedes + ".md")))
            {
                issues.Add(new ReportIssue(path, section.LineOf("supersedes"), "supersedes", $"'supersedes' names '{supersedes}', which is not a file in reports/."));
            }
        }

        return title is null || tldr is null || createdText is null || authors.Count == 0
            ? null
            : new ReportFrontMatter(title, authors, tldr, created, tags, project, status, decision, runs, experiments, metrics, supersedes);
    }

    /// <summary>Finds the live references of a report's body (from the 0-based line <paramref name="first"/>), checking their form.</summary>
    private static List<LiveReference> References(string path, string[] lines, int first, List<ReportIssue> issues)
    {
        var list = new List<LiveReference>();
        for (var i = first; i < lines.Length; i++)
        {
            foreach (Match match in ReferencePattern().Matches(lines[i]))
            {
                var text = match.Value;
                var parts = match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var line = i + 1;
                var reference = parts switch
                {
                    ["run", var run, var metric] => new LiveReference(text, line, "run", run, metric, new Dictionary<string, string>()),
                    ["experiment", var exp, "decision"] => new LiveReference(text, line, "experiment", exp, "decision", new Dictionary<string, string>()),
                    ["metric", var metric, .. var rest] => MetricReference(path, text, line, metric, rest, issues),
                    _ => null,
                };
                if (reference is null)
                {
                    if (!issues.Any(x => x.Line == line && x.Field == text))
                    {
                        issues.Add(new ReportIssue(path, line, text,
                            $"'{text}' is not a live number; write {{{{ run RUNID METRIC }}}}, {{{{ experiment NAME decision }}}} or {{{{ metric NAME [month=2026-10] }}}}."));
                    }

                    continue;
                }

                list.Add(reference);
            }
        }

        return list;
    }

    private static LiveReference? MetricReference(string path, string text, int line, string metric, string[] rest, List<ReportIssue> issues)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rest)
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq > 0 ? part[..eq] : part;
            if (eq <= 0 || key is not ("month" or "since" or "until" or "experiment" or "variant"))
            {
                issues.Add(new ReportIssue(path, line, text, $"'{part}' in '{text}' is not an argument of a metric; use month=YYYY-MM, since=DATE, until=DATE, or experiment=NAME variant=NAME."));
                return new LiveReference(text, line, "metric", metric, null, args);
            }

            args[key] = part[(eq + 1)..];
        }

        if (args.ContainsKey("experiment") != args.ContainsKey("variant"))
        {
            issues.Add(new ReportIssue(path, line, text, $"'{text}' needs both experiment=NAME and variant=NAME to compute over one variant's units."));
        }

        if (args.TryGetValue("month", out var month) && !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            issues.Add(new ReportIssue(path, line, text, $"month={month} in '{text}' is not a month; write month=2026-10."));
        }

        foreach (var key in new[] { "since", "until" })
        {
            if (args.TryGetValue(key, out var day) && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                issues.Add(new ReportIssue(path, line, text, $"{key}={day} in '{text}' is not a date; write {key}=2026-10-01."));
            }
        }

        return new LiveReference(text, line, "metric", metric, null, args);
    }

    private static void CheckTarget(string root, string path, LiveReference r, List<ReportIssue> issues)
    {
        var missing = r.Kind switch
        {
            "metric" when !File.Exists(System.IO.Path.Combine(root, "metrics", r.Target + ".yaml")) => $"the metric '{r.Target}' is not defined (no metrics/{r.Target}.yaml)",
            "experiment" when !File.Exists(System.IO.Path.Combine(root, "experiments", r.Target + ".yaml")) => $"the experiment '{r.Target}' does not exist (no experiments/{r.Target}.yaml)",
            "metric" when r.Arguments.TryGetValue("experiment", out var e) && !File.Exists(System.IO.Path.Combine(root, "experiments", e + ".yaml")) => $"the experiment '{e}' does not exist (no experiments/{e}.yaml)",
            _ => null,
        };
        if (missing is not null)
        {
            issues.Add(new ReportIssue(path, r.Line, r.Text, $"'{r.Text}' is an unknown reference: {missing}."));
        }
    }

    private static ReportIssue Issue(string path, LeanMLInputException ex)
    {
        // The exception's message starts with "file:line[:column]: "; the issue keeps the message only.
        var message = ex.Message;
        var prefix = ex.Line is null ? $"{path}: " : ex.Column is null ? $"{path}:{ex.Line}: " : $"{path}:{ex.Line}:{ex.Column}: ";
        if (message.StartsWith(prefix, StringComparison.Ordinal))
        {
            message = message[prefix.Length..];
        }

        return new ReportIssue(path, ex.Line ?? 1, ex.Field, message);
    }

    [GeneratedRegex(@"\{\{\s*(.*?)\s*\}\}")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*\.md$")]
    private static partial Regex FileNamePattern();
}
