using LeanML.Internal;

namespace LeanML.Workspace;

/// <summary>The warehouse providers LeanML can use.</summary>
public enum WarehouseProvider
{
    /// <summary>An embedded DuckDB file (the default); the state store beside it is SQLite.</summary>
    DuckDb,

    /// <summary>A PostgreSQL server reached through Npgsql, holding both stores.</summary>
    Postgres,
}

/// <summary>Where the warehouse lives (the <c>warehouse:</c> section of leanml.yaml).</summary>
/// <param name="Provider">duckdb (default) or postgres.</param>
/// <param name="Path">DuckDB file, relative to the workspace root; the state store (state.db) sits beside it.</param>
/// <param name="ConnectionEnv">Name of the environment variable holding the PostgreSQL connection string.</param>
/// <param name="LockTimeout">How long an open waits for another process that holds the DuckDB warehouse.</param>
public sealed record WarehouseSettings(WarehouseProvider Provider, string Path, string ConnectionEnv, TimeSpan LockTimeout)
{
    /// <summary>The defaults serve a single user: an embedded DuckDB file under .leanml/, waiting up to 30 s for it.</summary>
    public static WarehouseSettings Default { get; } = new(WarehouseProvider.DuckDb, ".leanml/warehouse.duckdb", "LEANML_PG", TimeSpan.FromSeconds(30));

    /// <summary>Set when leanml.yaml still names the retired SQLite warehouse (opening it says to migrate).</summary>
    public bool RetiredSqlite { get; init; }

    /// <summary>The retired SQLite warehouse file named in leanml.yaml, relative to the workspace root.</summary>
    public string? RetiredSqlitePath { get; init; }
}

/// <summary>Where <c>leanml serve</c> listens and what it logs (the <c>server:</c> section of leanml.yaml).</summary>
/// <param name="Host">Bind address; loopback unless tokens are configured.</param>
/// <param name="Port">TCP port.</param>
/// <param name="LogSample">Share of predictions written to the prediction log, from 0 (none) to 1 (every one).</param>
public sealed record ServerSettings(string Host, int Port, double LogSample)
{
    /// <summary>Loopback only, port 5080, every prediction logged.</summary>
    public static ServerSettings Default { get; } = new("127.0.0.1", 5080, 1.0);

    /// <summary>
    /// Host names the server answers besides the loopback ones (<c>server.allowed_hosts</c>): a defence against DNS
    /// rebinding. Empty: loopback names only without tokens, any name with tokens.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
}

/// <summary>How ingest reads files (the <c>ingest:</c> section of leanml.yaml).</summary>
/// <param name="MaxRecordMb">The longest CSV record read, in MB; a longer one is quarantined (memory stays bounded).</param>
public sealed record IngestSettings(int MaxRecordMb)
{
    /// <summary>64 MB: far above any real record, far below what would exhaust memory.</summary>
    public static IngestSettings Default { get; } = new(64);
}

/// <summary>The settings of a workspace, read from leanml.yaml; every key is optional.</summary>
public sealed record WorkspaceSettings(WarehouseSettings Warehouse, ServerSettings Server)
{
    /// <summary>The settings used when leanml.yaml sets nothing.</summary>
    public static WorkspaceSettings Default { get; } = new(WarehouseSettings.Default, ServerSettings.Default);

    /// <summary>How ingest reads files.</summary>
    public IngestSettings Ingest { get; init; } = IngestSettings.Default;

    /// <summary>The mail server alerts and the digest send through, or null when none is configured.</summary>
    public SmtpSettings? Smtp { get; init; }

    /// <summary>The alerts (<c>alerts:</c>): what to watch and where to send it; empty when none.</summary>
    public IReadOnlyList<Monitoring.AlertRule> Alerts { get; init; } = Array.Empty<Monitoring.AlertRule>();

    /// <summary>How person keys are made from e-mails (<c>identity:</c>).</summary>
    public IdentitySettings Identity { get; init; } = IdentitySettings.Default;

    /// <summary>The digest's subscribers (<c>digest:</c>), in file order; empty when none.</summary>
    public IReadOnlyList<DigestSubscription> Digest { get; init; } = [];

    /// <summary>Parses and validates leanml.yaml text; errors name the file, line and key.</summary>
    public static WorkspaceSettings Parse(string file, string text)
    {
        var root = YamlSection.Parse(file, text);
        root.AllowOnly("warehouse", "server", "ingest", "smtp", "alerts", "identity", "digest");

        var warehouse = WarehouseSettings.Default;
        if (root.Section("warehouse") is { } w)
        {
            w.AllowOnly("provider", "path", "connection_env", "lock_timeout");
            var name = w.OneOf("provider", ["duckdb", "postgres", "sqlite"]);
            var provider = name == "postgres" ? WarehouseProvider.Postgres : WarehouseProvider.DuckDb;
            var path = w.String("path");
            // The SQLite warehouse is retired: its path (a .db file) is where migrate-warehouse reads from, and the
            // DuckDB file takes the default path unless one ending in .duckdb is given.
            var retired = name == "sqlite";
            warehouse = new WarehouseSettings(
                provider,
                retired || path is null ? warehouse.Path : path,
                w.String("connection_env") ?? warehouse.ConnectionEnv,
                w.Has("lock_timeout") ? Duration(w, "lock_timeout") : warehouse.LockTimeout)
            {
                RetiredSqlite = retired,
                RetiredSqlitePath = retired ? path ?? ".leanml/warehouse.db" : null,
            };
        }

        var server = ServerSettings.Default;
        if (root.Section("server") is { } s)
        {
            s.AllowOnly("host", "port", "log_sample", "allowed_hosts");
            server = new ServerSettings(s.String("host") ?? server.Host, s.Int("port", 1, 65535) ?? server.Port, s.Number("log_sample", 0, 1) ?? server.LogSample)
            {
                // The default's own empty list when none is given, so settings that set nothing equal the defaults.
                AllowedHosts = s.StringList("allowed_hosts") is { Count: > 0 } hosts ? hosts : server.AllowedHosts,
            };
        }

        var ingest = IngestSettings.Default;
        if (root.Section("ingest") is { } i)
        {
            i.AllowOnly("max_record_mb");
            ingest = new IngestSettings(i.Int("max_record_mb", 1, 1024) ?? ingest.MaxRecordMb);
        }

        SmtpSettings? smtp = null;
        if (root.Section("smtp") is { } m)
        {
            m.AllowOnly("host", "port", "from", "username", "password_env", "tls");
            var tls = m.OneOf("tls", ["starttls", "ssl", "none"]) switch
            {
                "ssl" => SmtpTls.Ssl,
                "none" => SmtpTls.None,
                _ => SmtpTls.StartTls,
            };
            var from = m.String("from", required: true)!;
            if (!MimeKit.MailboxAddress.TryParse(from, out _))
            {
                throw m.Error("from", $"is '{from}', which is not a mail address; write e.g. from: \"LeanML <ml@acme.example>\".");
            }

            smtp = new SmtpSettings(
                m.String("host", required: true)!,
                m.Int("port", 1, 65535) ?? (tls == SmtpTls.Ssl ? 465 : 587),
                from,
                m.String("username"),
                m.String("password_env") ?? "LEANML_SMTP_PASSWORD",
                tls);
        }

        var identity = IdentitySettings.Default;
        if (root.Section("identity") is { } id)
        {
            id.AllowOnly("gmail_folding");
            identity = new IdentitySettings(id.Bool("gmail_folding") ?? identity.GmailFolding);
        }

        var digest = new List<DigestSubscription>();
        foreach (var d in root.SectionList("digest"))
        {
            d.AllowOnly("to", "tags", "projects", "webhook");
            var to = d.StringList("to") ?? [];
            foreach (var address in to)
            {
                if (!MimeKit.MailboxAddress.TryParse(address, out _))
                {
                    throw d.Error("to", $"has '{address}', which is not a mail address; write e.g. to: [ana@acme.example]");
                }
            }

            var webhook = d.String("webhook");
            if (webhook is not null && Notifications.WebhookSender.Problem(webhook) is { } problem)
            {
                throw d.Error("webhook", problem);
            }

            if (to.Count == 0 && webhook is null)
            {
                throw new LeanMLInputException($"the subscription '{d.Path}' has neither 'to' (e-mail addresses) nor 'webhook'; give at least one.", file, d.Line, field: d.Path);
            }

            digest.Add(new DigestSubscription(to, d.StringList("tags") ?? [], d.StringList("projects") ?? [], webhook, d.Line));
        }

        var alerts = Monitoring.AlertRuleParser.Parse(root, smtp);
        return new WorkspaceSettings(warehouse, server) { Ingest = ingest, Smtp = smtp, Identity = identity, Digest = digest.Count == 0 ? Default.Digest : digest, Alerts = alerts.Count == 0 ? Array.Empty<Monitoring.AlertRule>() : alerts };
    }

    /// <summary>A duration such as 30s, 2m, 500ms or a plain number of seconds, at most a day.</summary>
    private static TimeSpan Duration(YamlSection section, string key)
    {
        var text = section.String(key)!.Trim();
        return DurationText.TryParse(text) is { } value && value <= TimeSpan.FromDays(1)
            ? value
            : throw section.Error(key, $"is '{text}', which is not a duration; write e.g. 30s, 2m or 500ms.");
    }
}
