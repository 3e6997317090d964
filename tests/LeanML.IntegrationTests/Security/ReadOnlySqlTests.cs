using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Security;

/// <summary>
/// Attacks on <c>leanml sql</c>, which must stay read-only however the text is written: one statement only, and a
/// connection that cannot write, reach files or LeanML's own tables (DuckDB read-only without external access;
/// PostgreSQL as a role that may only read the user tables). Each case checks the table is whole afterwards and that
/// no file appeared.
/// </summary>
public abstract class ReadOnlySqlTests : IAsyncLifetime
{
    protected readonly TempDir Dir = new();

    protected string Ws => Dir.Combine("ws");

    protected abstract Task CreateWorkspaceAsync();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Ws);
        await CreateWorkspaceAsync();
        File.WriteAllText(Path.Combine(Ws, "t.csv"), "id,name\n1,a\n2,b\n3,c\n");
        var ingest = await Infrastructure.Cli.RunAsync(Ws, "ingest", "t.csv");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var token = await Infrastructure.Cli.RunAsync(Ws, "token", "create", "--scope", "admin");   // LeanML's own tables exist from here
        Assert.True(token.ExitCode == 0, token.ToString());
    }

    [Fact]
    public async Task A_second_statement_is_refused_and_nothing_runs()
    {
        foreach (var sql in new[]
        {
            "SELECT 1; SELECT 2",
            "SELECT 1; DELETE FROM t",
            "SELECT 1;\n-- a comment\nDROP TABLE t",
            "SELECT ';' AS a; DELETE FROM t",
            "SELECT 1 /* ; */; DELETE FROM t",
            "COMMIT; DELETE FROM t",
            "ROLLBACK; INSERT INTO t VALUES (4, 'd')",
            "PRAGMA query_only=0; DELETE FROM t",
        })
        {
            var r = await Infrastructure.Cli.RunAsync(Ws, "sql", sql);
            Assert.True(r.ExitCode == 3, $"{sql}\n{r}");
            Assert.Contains("one statement only", r.Stderr, StringComparison.Ordinal);
        }

        await AssertTableWholeAsync();
    }

    [Fact]
    public async Task A_write_is_refused()
    {
        foreach (var sql in new[]
        {
            "DELETE FROM t", "DROP TABLE t", "UPDATE t SET name = 'x'", "INSERT INTO t (id, name) VALUES (4, 'd')",
            "CREATE TABLE u AS SELECT * FROM t", "ALTER TABLE t RENAME TO u", "TRUNCATE t",
        })
        {
            var r = await Infrastructure.Cli.RunAsync(Ws, "sql", sql);
            Assert.True(r.ExitCode == 3, $"{sql}\n{r}");
            // Refused by the connection (DuckDB read-only, PostgreSQL's read-only transaction or role), not by a typo.
            Assert.True(new[] { "read-only", "read only", "permission denied", "must be owner" }.Any(m => r.Stderr.Contains(m, StringComparison.OrdinalIgnoreCase)), $"{sql}\n{r}");
        }

        await AssertTableWholeAsync();
    }

    [Fact]
    public async Task Files_are_out_of_reach()
    {
        var target = Dir.Combine("planted.file");
        foreach (var template in new[]
        {
            "COPY t TO '{0}'", "SELECT * FROM read_csv('{0}')", "ATTACH '{0}' AS other", "SELECT pg_read_file('{0}')",
            "SELECT lo_export(lo_from_bytea(0, 'x'), '{0}')", "VACUUM INTO '{0}'",
        })
        {
            var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, target);
            var r = await Infrastructure.Cli.RunAsync(Ws, "sql", sql);
            Assert.True(r.ExitCode == 3, $"{sql}\n{r}");
            Assert.False(File.Exists(target), "a file was created by a read-only query: " + sql);
        }

        await AssertTableWholeAsync();
    }

    [Fact]
    public async Task Settings_that_would_reopen_the_door_are_refused()
    {
        foreach (var sql in SettingAttacks)
        {
            var r = await Infrastructure.Cli.RunAsync(Ws, "sql", sql);
            Assert.True(r.ExitCode == 3, $"{sql}\n{r}");
        }

        await AssertTableWholeAsync();
    }

    protected abstract IEnumerable<string> SettingAttacks { get; }

    [Fact]
    public async Task LeanMLs_own_tables_cannot_be_written()
    {
        foreach (var sql in OwnTableAttacks)
        {
            var r = await Infrastructure.Cli.RunAsync(Ws, "sql", sql);
            Assert.True(r.ExitCode == 3, $"{sql}\n{r}");
        }

        var tokens = await Infrastructure.Cli.RunAsync(Ws, "token", "list", "--json");
        Assert.True(tokens.ExitCode == 0, tokens.ToString());
        Assert.Equal(1, tokens.Json().GetArrayLength());
    }

    protected abstract IEnumerable<string> OwnTableAttacks { get; }

    [Fact]
    public async Task Semicolons_inside_literals_and_comments_are_one_statement()
    {
        foreach (var (sql, expected) in new[]
        {
            ("SELECT ';' AS a", ";"),
            ("SELECT 'it''s; fine' AS a;", "it's; fine"),
            ("SELECT 'x' AS a; -- trailing comment", "x"),
            ("SELECT $$a;b$$ AS a ;  ;", "a;b"),
            ("SELECT /* ; */ 'y' AS \"a;\"", "y"),
        })
        {
            var r = await Infrastructure.Cli.RunAsync(Ws, "sql", sql, "--json");
            Assert.True(r.ExitCode == 0, $"{sql}\n{r}");
            Assert.Equal(expected, r.Json().GetProperty("rows")[0][0].GetString());
        }
    }

    private async Task AssertTableWholeAsync()
    {
        var r = await Infrastructure.Cli.RunAsync(Ws, "sql", "SELECT COUNT(*) AS n, STRING_AGG(name, '' ORDER BY id) AS names FROM t", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var row = r.Json().GetProperty("rows")[0];
        Assert.Equal((3L, "abc"), (row[0].GetInt64(), row[1].GetString()));
    }

    public virtual Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DuckDbReadOnlySqlTests : ReadOnlySqlTests
{
    protected override async Task CreateWorkspaceAsync()
    {
        var init = await Infrastructure.Cli.RunAsync(Ws, "init");
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    protected override IEnumerable<string> SettingAttacks =>
    [
        "SET enable_external_access = true",
        "SET access_mode = 'READ_WRITE'",
        "RESET enable_external_access",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SELECT current_setting('enable_external_access') AND (SELECT COUNT(*) FROM read_text('/etc/hostname')) > 0",
    ];

    protected override IEnumerable<string> OwnTableAttacks =>
    [
        "DELETE FROM leanml.ingest_log",
        "ATTACH '.leanml/state.db' AS state (TYPE sqlite)",
        "SELECT * FROM sqlite_scan('.leanml/state.db', 'leanml_tokens')",
    ];

    [Fact]
    public async Task The_state_store_with_its_tokens_is_not_in_reach()
    {
        var r = await Infrastructure.Cli.RunAsync(Ws, "sql", "SELECT * FROM read_blob('.leanml/state.db')");
        Assert.True(r.ExitCode == 3, r.ToString());
    }
}

public sealed class PostgresReadOnlySqlTests : ReadOnlySqlTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_SQL_PG_" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task CreateWorkspaceAsync()
    {
        // The test role is a superuser (as ./test.sh makes it): the read-only role must hold even then.
        Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());
        File.WriteAllText(Path.Combine(Ws, "leanml.yaml"), $"warehouse:\n  provider: postgres\n  connection_env: {_variable}\n");
    }

    protected override IEnumerable<string> SettingAttacks =>
    [
        "SELECT set_config('role', 'leanml', false)",
        "SELECT set_config('session_authorization', 'leanml', false)",
        "SELECT set_config('transaction_read_only', 'off', true), (SELECT COUNT(*) FROM t)",
        "SET ROLE leanml",
        "CREATE EXTENSION dblink",
    ];

    protected override IEnumerable<string> OwnTableAttacks =>
    [
        "SELECT * FROM leanml.tokens",
        "UPDATE leanml.runs SET project = 'x'",
        "INSERT INTO leanml.tokens (id) VALUES ('x')",
        "SELECT pg_ls_dir('.')",
    ];

    [Fact]
    public async Task The_role_reads_new_tables_and_is_shared_by_every_workspace_on_the_database()
    {
        File.WriteAllText(Path.Combine(Ws, "u.csv"), "k\n1\n");
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(Ws, "ingest", "u.csv")).ExitCode);
        var r = await Infrastructure.Cli.RunAsync(Ws, "sql", "SELECT COUNT(*) FROM u", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(1L, r.Json().GetProperty("rows")[0][0].GetInt64());

        // A second workspace on the same database (a teammate's machine) shares the role and its password: both keep working.
        var other = Path.Combine(Dir.Path, "other");
        Directory.CreateDirectory(other);
        File.Copy(Path.Combine(Ws, "leanml.yaml"), Path.Combine(other, "leanml.yaml"));
        foreach (var ws in new[] { other, Ws, other })
        {
            var q = await Infrastructure.Cli.RunAsync(ws, "sql", "SELECT COUNT(*) FROM t", "--json");
            Assert.True(q.ExitCode == 0, q.ToString());
        }

        // The role reads the user tables and nothing of LeanML's, even the password table that holds its own password.
        var secret = await Infrastructure.Cli.RunAsync(Ws, "sql", "SELECT * FROM leanml.reader_role");
        Assert.True(secret.ExitCode == 3, secret.ToString());
        Assert.Contains("permission denied", secret.Stderr, StringComparison.Ordinal);
    }

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
        await base.DisposeAsync();
    }
}
