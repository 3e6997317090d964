namespace LeanML.Workspace;

/// <summary>Creates new workspaces (<c>leanml init</c>) without ever overwriting a user's file.</summary>
public static class WorkspaceInitializer
{
    /// <summary>The leanml.yaml written by init: every key commented, with its default.</summary>
    public const string SettingsTemplate = """
        # LeanML workspace settings. Every key is optional; the values below are the defaults.

        warehouse:
          # duckdb (embedded, the default) | postgres (a team server, through Npgsql)
          provider: duckdb
          # duckdb only: the warehouse file, relative to this folder (the state store, state.db, sits beside it)
          path: .leanml/warehouse.duckdb
          # postgres only: the environment variable that holds the connection string
          connection_env: LEANML_PG
          # duckdb only: how long a command waits while another LeanML process holds the warehouse
          lock_timeout: 30s

        server:
          # address 'leanml serve' binds; anything but loopback requires API tokens
          host: 127.0.0.1
          # TCP port of the HTTP API
          port: 5080
          # share of predictions written to the prediction log: 1 = every one, 0.1 = one in ten, 0 = none
          log_sample: 1.0
          # host names the API answers besides localhost, 127.0.0.1 and [::1] (a defence against DNS rebinding);
          # with API tokens and this list empty, any name is answered
          allowed_hosts: []

        ingest:
          # the longest CSV record read, in MB; a longer one is quarantined with its line (memory stays bounded)
          max_record_mb: 64

        """;

    /// <summary>The folders of a workspace (DESIGN.md section 1).</summary>
    public static IReadOnlyList<string> Folders { get; } = ["data", "sources", "transforms", "projects", "experiments", "reports", ".leanml/runs", ".leanml/quarantine"];

    /// <summary>Creates a workspace in <paramref name="dir"/>; refuses when one is already there.</summary>
    public static Workspace Create(string dir)
    {
        var root = Path.GetFullPath(dir);
        var settingsFile = Path.Combine(root, Workspace.SettingsFileName);
        if (File.Exists(settingsFile))
        {
            throw new LeanMLInputException($"'{root}' already holds a LeanML workspace ({Workspace.SettingsFileName} exists); nothing was changed. Use it as it is, or choose another folder.", settingsFile);
        }

        Directory.CreateDirectory(root);
        Storage.StoreFiles.CreatePrivateDirectory(Path.Combine(root, ".leanml"));
        foreach (var folder in Folders)
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        WriteNew(settingsFile, SettingsTemplate);

        var gitignore = Path.Combine(root, ".gitignore");
        if (!File.Exists(gitignore))
        {
            WriteNew(gitignore, "# LeanML state: warehouse, run artifacts, quarantine\n.leanml/\n");
        }
        else if (!File.ReadAllLines(gitignore).Any(l => l.Trim() is ".leanml/" or ".leanml" or "/.leanml/"))
        {
            // The user's own .gitignore is kept; only the state folder is added to it.
            File.AppendAllText(gitignore, "\n# LeanML state: warehouse, run artifacts, quarantine\n.leanml/\n");
        }

        return Workspace.Open(root);
    }

    /// <summary>Writes a file that must not exist yet (FileMode.CreateNew), so a user's file is never overwritten.</summary>
    internal static void WriteNew(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        writer.Write(text);
    }

    /// <summary>Creates the workspace's two stores (the warehouse and the state store) with their schemas, so it is ready to use.</summary>
    public static async Task CreateStoresAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        await using (await Storage.Warehouse.OpenAsync(workspace, cancellationToken).ConfigureAwait(false))
        {
        }

        await using (await Storage.StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false))
        {
        }
    }
}
