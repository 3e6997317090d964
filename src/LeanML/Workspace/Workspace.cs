namespace LeanML.Workspace;

/// <summary>An opened workspace: a folder holding leanml.yaml, its settings and the well-known paths inside it.</summary>
public sealed class Workspace
{
    /// <summary>The file that marks a folder as a workspace.</summary>
    public const string SettingsFileName = "leanml.yaml";

    private Workspace(string root, WorkspaceSettings settings)
    {
        Root = root;
        Settings = settings;
    }

    /// <summary>The absolute path of the workspace folder.</summary>
    public string Root { get; }

    /// <summary>The parsed leanml.yaml.</summary>
    public WorkspaceSettings Settings { get; }

    /// <summary>The settings file.</summary>
    public string SettingsFile => Path.Combine(Root, SettingsFileName);

    /// <summary>Raw files the team drops in.</summary>
    public string DataDir => Path.Combine(Root, "data");

    /// <summary>Project briefs, one folder per project.</summary>
    public string ProjectsDir => Path.Combine(Root, "projects");

    /// <summary>Experiment files.</summary>
    public string ExperimentsDir => Path.Combine(Root, "experiments");

    /// <summary>Git-ignored state: warehouse, runs, quarantine.</summary>
    public string StateDir => Path.Combine(Root, ".leanml");

    /// <summary>Artifacts of each training run.</summary>
    public string RunsDir => Path.Combine(StateDir, "runs");

    /// <summary>Rejected input rows, one JSON Lines file per load.</summary>
    public string QuarantineDir => Path.Combine(StateDir, "quarantine");

    /// <summary>The DuckDB warehouse file (meaningful for the duckdb provider).</summary>
    public string WarehousePath => Path.GetFullPath(Path.Combine(Root, Settings.Warehouse.Path));

    /// <summary>The SQLite state store (runs, tokens, experiments, events, logs), beside the DuckDB warehouse.</summary>
    public string StatePath => Path.Combine(Path.GetDirectoryName(WarehousePath)!, "state.db");

    /// <summary>The retired SQLite warehouse a workspace made before DuckDB used (what migrate-warehouse reads).</summary>
    public string LegacySqlitePath => Path.GetFullPath(Path.Combine(Root, Settings.Warehouse.RetiredSqlitePath ?? ".leanml/warehouse.db"));

    /// <summary>
    /// Finds the workspace: <paramref name="explicitDir"/> when given (it must hold leanml.yaml),
    /// otherwise the nearest folder from <paramref name="startDir"/> upwards that holds one.
    /// </summary>
    public static Workspace Locate(string? explicitDir, string startDir)
    {
        if (explicitDir is not null)
        {
            var dir = Path.GetFullPath(explicitDir);
            if (!File.Exists(Path.Combine(dir, SettingsFileName)))
            {
                throw new LeanMLInputException($"'{dir}' is not a LeanML workspace: it has no {SettingsFileName}. Create one with 'leanml init {explicitDir}'.", field: "--workspace");
            }

            return Open(dir);
        }

        var start = Path.GetFullPath(startDir);
        for (var current = new DirectoryInfo(start); current is not null; current = current.Parent)
        {
            if (File.Exists(Path.Combine(current.FullName, SettingsFileName)))
            {
                return Open(current.FullName);
            }
        }

        throw new LeanMLInputException($"no LeanML workspace here: no {SettingsFileName} in '{start}' or any folder above it. Run 'leanml init' to create one, or pass --workspace DIR.", field: "--workspace");
    }

    /// <summary>Opens the workspace at <paramref name="root"/>, validating its leanml.yaml.</summary>
    public static Workspace Open(string root)
    {
        root = Path.GetFullPath(root);
        var file = Path.Combine(root, SettingsFileName);
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LeanMLInputException($"cannot read the workspace settings: {ex.Message}", file, inner: ex);
        }

        return new Workspace(root, WorkspaceSettings.Parse(file, text));
    }

    /// <summary>The folder of one project's brief.</summary>
    public string ProjectDir(string project) => Path.Combine(ProjectsDir, project);
}
