using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LeanML.Internal;

namespace LeanML.Training;

/// <summary>A parsed and validated project brief (<c>projects/NAME/project.yaml</c>, DESIGN.md section 4).</summary>
/// <param name="Name">The project name: its folder (the brief's name key is descriptive only).</param>
/// <param name="File">The brief's path, for messages.</param>
/// <param name="Text">The brief's text as read, recorded with each run.</param>
/// <param name="Task">binary | regression | multiclass.</param>
/// <param name="Dataset">The training data.</param>
/// <param name="Baseline">The business baseline.</param>
/// <param name="Metric">The primary metric (e.g. auc, rmse, precision_at_50).</param>
/// <param name="DoneWhen">The bar, parsed.</param>
/// <param name="DecisionK">decision_k: the decision acts on this many highest scores (binary).</param>
/// <param name="DecisionThreshold">decision_threshold: the decision acts on scores at least this (binary).</param>
/// <param name="Value">value: money per outcome of acting (binary), or null.</param>
public sealed record ProjectBrief(
    string Name,
    string File,
    string Text,
    string Task,
    BriefDataset Dataset,
    BriefBaseline Baseline,
    string Metric,
    DoneWhen DoneWhen,
    int? DecisionK = null,
    double? DecisionThreshold = null,
    Evaluation.DecisionValue? Value = null)
{
    /// <summary>The brief's file name inside a project folder.</summary>
    public const string FileName = "project.yaml";

    /// <summary>The tasks LeanML trains.</summary>
    public static IReadOnlyList<string> Tasks { get; } = ["binary", "regression", "multiclass"];

    /// <summary>The stages a project moves through.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["intake", "data", "modeling", "shipped", "measuring", "done", "parked"];

    private static readonly string[] TopKeys =
        ["name", "question", "decision", "owner", "stakeholders", "stage", "due", "task", "dataset", "baseline", "metric", "done_when", "assumptions", "hypotheses",
        "decision_k", "decision_threshold", "value", "monitor", "outcome", "health_note"];

    /// <summary>The brief's <c>outcome:</c> block (how the truth of live predictions is found), or null when it has none.</summary>
    public Monitoring.OutcomeSpec? Outcome { get; init; }

    /// <summary>SHA-256 of the brief's text (lower-case hex).</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    /// <summary>Loads and validates the brief of a project in a workspace.</summary>
    public static ProjectBrief Load(Workspace.Workspace workspace, string project)
    {
        if (string.IsNullOrWhiteSpace(project) || project.Contains('/', StringComparison.Ordinal) || project.Contains('\\', StringComparison.Ordinal) || project.StartsWith('.'))
        {
            throw new LeanMLInputException($"'{project}' is not a project name; use the name of a folder under projects/.", field: "PROJECT");
        }

        var file = Path.Combine(workspace.ProjectDir(project), FileName);
        if (!System.IO.File.Exists(file))
        {
            var known = Directory.Exists(workspace.ProjectsDir)
                ? Directory.EnumerateDirectories(workspace.ProjectsDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
                : [];
            throw new LeanMLInputException(
                $"no project '{project}': {Path.GetRelativePath(workspace.Root, file)} does not exist.{Suggestions.DidYouMean(project, known)} " +
                (known.Count == 0 ? "Create projects/NAME/project.yaml (see DESIGN.md section 4)." : $"Projects: {string.Join(", ", known)}."),
                field: "PROJECT");
        }

        return Parse(project, Path.GetRelativePath(workspace.Root, file), System.IO.File.ReadAllText(file));
    }

    /// <summary>
    /// Parses and validates brief text; every problem is an input error with file, line and the fix.
    /// <paramref name="requireId"/> is false only for the recorded brief of a run trained before dataset.id was required.
    /// </summary>
    public static ProjectBrief Parse(string project, string file, string text, bool requireId = true)
    {
        var root = YamlSection.Parse(file, text);
        root.AllowOnly(TopKeys);
        root.OneOf("stage", Stages);
        var task = root.OneOf("task", Tasks, required: true)!;

        var dataset = root.Section("dataset", required: true)!;
        dataset.AllowOnly("sql", "id", "label", "time", "exclude", "positive", "split_seed");
        var sql = dataset.String("sql", required: true)!.Trim().TrimEnd(';').Trim();
        var label = dataset.String("label", required: true)!;
        var id = dataset.String("id", required: requireId);
        var splitSeed = dataset.Int("split_seed") ?? 0;
        var time = dataset.String("time");
        var exclude = dataset.StringList("exclude") ?? [];
        var positive = dataset.String("positive");
        if (positive is not null && task != "binary")
        {
            throw dataset.Error("positive", $"names a positive class, but task: {task} has none; remove it or use task: binary");
        }

        if (id == label)
        {
            throw dataset.Error("id", $"is the label column '{label}' too; the id names the row, the label is what to predict");
        }

        var baselineSection = root.Section("baseline", required: true)!;
        baselineSection.AllowOnly("name", "sql");
        var baseline = new BriefBaseline(baselineSection.String("name") ?? "business rule", baselineSection.String("sql", required: true)!.Trim().TrimEnd(';').Trim());

        var metric = root.String("metric", required: true)!;
        var valid = MetricCatalog.Names(task);
        if (!MetricCatalog.IsValid(task, metric))
        {
            throw root.Error("metric", $"is '{metric}', which is not a {task} metric. Write one of {string.Join(" | ", valid)}.{Suggestions.DidYouMean(metric, valid)}");
        }

        var doneText = root.String("done_when", required: true)!;
        DoneWhen done;
        try
        {
            done = DoneWhen.Parse(doneText, task);
        }
        catch (FormatException ex)
        {
            throw root.Error("done_when", ex.Message);
        }

        var decisionK = root.Int("decision_k", min: 1);
        var decisionThreshold = root.Number("decision_threshold");
        if (decisionK is not null && decisionThreshold is not null)
        {
            throw root.Error("decision_threshold", "is given beside decision_k; the decision acts on the top K or on a threshold, not both. Keep one");
        }

        if ((decisionK is not null || decisionThreshold is not null) && task != "binary")
        {
            throw root.Error(decisionK is not null ? "decision_k" : "decision_threshold", $"applies to task: binary (acting on the highest scores), not task: {task}; remove it");
        }

        Evaluation.DecisionValue? value = null;
        if (root.Section("value") is { } v)
        {
            v.AllowOnly("tp", "fp", "fn", "tn");
            if (decisionK is null && decisionThreshold is null)
            {
                throw root.Error("value", "gives money per outcome, but the brief names no decision_k or decision_threshold to act on; add one");
            }

            value = new Evaluation.DecisionValue(v.Number("tp") ?? 0, v.Number("fp") ?? 0, v.Number("fn") ?? 0, v.Number("tn") ?? 0);
        }

        root.String("name");
        return new ProjectBrief(project, file, text, task, new BriefDataset(sql, id, label, time, exclude, positive, splitSeed), baseline, metric, done, decisionK, decisionThreshold, value)
        {
            Outcome = Monitoring.OutcomeSpecParser.Parse(root),
        };
    }

    /// <summary>k of a precision_at_K metric, or null for other metrics.</summary>
    public static int? PrecisionAtK(string metric)
    {
        var m = Regex.Match(metric, "^precision_at_([0-9]{1,9})$", RegexOptions.CultureInvariant);
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
