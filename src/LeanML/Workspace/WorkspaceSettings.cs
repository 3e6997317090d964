using LeanML.Internal;

namespace LeanML.Workspace;

/// <summary>The warehouse providers LeanML can use.</summary>
public enum WarehouseProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server reached through Npgsql.</summary>
    Postgres,
}

/// <summary>Where the warehouse lives (the <c>warehouse:</c> section of leanml.yaml).</summary>
/// <param name="Provider">sqlite (default) or postgres.</param>
/// <param name="Path">SQLite file, relative to the workspace root.</param>
/// <param name="ConnectionEnv">Name of the environment variable holding the PostgreSQL connection string.</param>
public sealed record WarehouseSettings(WarehouseProvider Provider, string Path, string ConnectionEnv)
{
    /// <summary>The defaults serve a single user: an embedded SQLite file under .leanml/.</summary>
    public static WarehouseSettings Default { get; } = new(WarehouseProvider.Sqlite, ".leanml/warehouse.db", "LEANML_PG");
}

/// <summary>Where <c>leanml serve</c> listens and what it logs (the <c>server:</c> section of leanml.yaml).</summary>
/// <param name="Host">Bind address; loopback unless tokens are configured.</param>
/// <param name="Port">TCP port.</param>
/// <param name="LogSample">Share of predictions written to the prediction log, from 0 (none) to 1 (every one).</param>
public sealed record ServerSettings(string Host, int Port, double LogSample)
{
    /// <summary>Loopback only, port 5080, every prediction logged.</summary>
    public static ServerSettings Default { get; } = new("127.0.0.1", 5080, 1.0);
}

/// <summary>The settings of a workspace, read from leanml.yaml; every key is optional.</summary>
public sealed record WorkspaceSettings(WarehouseSettings Warehouse, ServerSettings Server)
{
    /// <summary>The settings used when leanml.yaml sets nothing.</summary>
    public static WorkspaceSettings Default { get; } = new(WarehouseSettings.Default, ServerSettings.Default);

    /// <summary>Parses and validates leanml.yaml text; errors name the file, line and key.</summary>
    public static WorkspaceSettings Parse(string file, string text)
    {
        var root = YamlSection.Parse(file, text);
        root.AllowOnly("warehouse", "server");

        var warehouse = WarehouseSettings.Default;
        if (root.Section("warehouse") is { } w)
        {
            w.AllowOnly("provider", "path", "connection_env");
            var provider = w.OneOf("provider", ["sqlite", "postgres"]) switch
            {
                "postgres" => WarehouseProvider.Postgres,
                _ => WarehouseProvider.Sqlite,
            };
            warehouse = new WarehouseSettings(
                provider,
                w.String("path") ?? warehouse.Path,
                w.String("connection_env") ?? warehouse.ConnectionEnv);
        }

        var server = ServerSettings.Default;
        if (root.Section("server") is { } s)
        {
            s.AllowOnly("host", "port", "log_sample");
            server = new ServerSettings(s.String("host") ?? server.Host, s.Int("port", 1, 65535) ?? server.Port, s.Number("log_sample", 0, 1) ?? server.LogSample);
        }

        return new WorkspaceSettings(warehouse, server);
    }
}
