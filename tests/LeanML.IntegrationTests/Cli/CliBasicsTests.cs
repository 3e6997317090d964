using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Cli;

/// <summary>The CLI skeleton run as a real process: exit codes, --json, help, discovery, init.</summary>
public sealed class CliBasicsTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Unknown_verb_is_a_usage_error_with_exit_2()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("frobnicate", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("leanml --help", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", r.Stderr, StringComparison.Ordinal);

        // A typo of a verb names the verb.
        var typo = Infrastructure.Cli.Run(_dir.Path, "injest", "x.csv");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("'injest'. Did you mean 'ingest'?", typo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_exit_2()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "--frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--frobnicate", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_names_the_version_and_git_commit()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{7,40}", r.Stdout.Trim());
    }

    [Theory]
    [InlineData("init")]
    [InlineData("demo")]
    [InlineData("status")]
    public void Every_verb_has_help_with_an_example(string verb)
    {
        var r = Infrastructure.Cli.Run(_dir.Path, verb, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Examples:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"leanml {verb}", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_creates_the_workspace_and_json_is_one_document()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = r.Json();
        Assert.Equal(_dir.Combine("acme"), json.GetProperty("workspace").GetString());
        foreach (var folder in new[] { "data", "sources", "transforms", "projects", "experiments", "reports", ".leanml/runs", ".leanml/quarantine" })
        {
            Assert.True(Directory.Exists(_dir.Combine("acme", folder)), folder);
        }

        var yaml = File.ReadAllText(_dir.Combine("acme", "leanml.yaml"));
        foreach (var key in new[] { "provider: duckdb", "path: .leanml/warehouse.duckdb", "connection_env: LEANML_PG", "lock_timeout: 30s", "host: 127.0.0.1", "port: 5080" })
        {
            Assert.Contains(key, yaml, StringComparison.Ordinal);
        }

        Assert.Contains(".leanml/", File.ReadAllText(_dir.Combine("acme", ".gitignore")), StringComparison.Ordinal);
        // Both stores exist and are migrated: the DuckDB warehouse and the SQLite state store beside it.
        Assert.True(File.Exists(_dir.Combine("acme", ".leanml", "warehouse.duckdb")));
        Assert.True(File.Exists(_dir.Combine("acme", ".leanml", "state.db")));
        var status = Infrastructure.Cli.Run(_dir.Combine("acme"), "status", "--json").Json();
        Assert.Equal(("duckdb", _dir.Combine("acme", ".leanml", "warehouse.duckdb")), (status.GetProperty("warehouse").GetProperty("provider").GetString(), status.GetProperty("warehouse").GetProperty("location").GetString()));
        Assert.Equal(("sqlite", _dir.Combine("acme", ".leanml", "state.db")), (status.GetProperty("state").GetProperty("provider").GetString(), status.GetProperty("state").GetProperty("location").GetString()));
        Assert.Equal([1, 101, 102, 103, 104, 105, 106, 107, 108, 201, 301, 302, 305, 401, 511, 611, 701, 702, 703, 711, 712], status.GetProperty("schema_versions").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public void Init_with_workspace_option_creates_the_workspace_there_not_in_the_current_folder()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "--workspace", "acme");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(_dir.Combine("acme", "leanml.yaml")));
        Assert.False(File.Exists(_dir.Combine("leanml.yaml")));

        var both = Infrastructure.Cli.Run(_dir.Path, "init", "one", "--workspace", "two");
        Assert.Equal(3, both.ExitCode);
        Assert.Contains("two folders given", both.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("one")));
        Assert.False(Directory.Exists(_dir.Combine("two")));
    }

    [Fact]
    public void Init_refuses_an_existing_workspace_with_exit_3_and_changes_nothing()
    {
        Directory.CreateDirectory(_dir.Combine("acme"));
        File.WriteAllText(_dir.Combine("acme", "leanml.yaml"), "# mine\nserver:\n  port: 6000\n");
        var r = Infrastructure.Cli.Run(_dir.Path, "init", "acme");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("already holds a LeanML workspace", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("# mine\nserver:\n  port: 6000\n", File.ReadAllText(_dir.Combine("acme", "leanml.yaml")));
    }

    [Fact]
    public void Init_keeps_a_users_gitignore_and_adds_the_state_folder()
    {
        Directory.CreateDirectory(_dir.Combine("acme"));
        File.WriteAllText(_dir.Combine("acme", ".gitignore"), "secrets.env\n");
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        var text = File.ReadAllText(_dir.Combine("acme", ".gitignore"));
        Assert.StartsWith("secrets.env\n", text, StringComparison.Ordinal);
        Assert.Contains(".leanml/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Workspace_is_found_from_a_subfolder()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        var sub = _dir.Combine("acme", "data", "deep");
        Directory.CreateDirectory(sub);
        var r = Infrastructure.Cli.Run(sub, "status", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(_dir.Combine("acme"), r.Json().GetProperty("workspace").GetString());
    }

    [Fact]
    public void No_workspace_upwards_is_exit_3_naming_the_folder_searched()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "status");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains(_dir.Path, r.Stderr, StringComparison.Ordinal);
        Assert.Contains("leanml init", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Workspace_option_pointing_at_no_workspace_is_exit_3_naming_the_folder()
    {
        var r = Infrastructure.Cli.Run(_dir.Path, "status", "--workspace", _dir.Combine("nowhere"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains(_dir.Combine("nowhere"), r.Stderr, StringComparison.Ordinal);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Invalid_leanml_yaml_is_exit_3_with_file_line_key_and_suggestion()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        File.WriteAllText(_dir.Combine("acme", "leanml.yaml"), "warehouse:\n  provider: duckdb\n  pth: x.db\n");
        var r = Infrastructure.Cli.Run(_dir.Combine("acme"), "status");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("leanml.yaml:3:3", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("warehouse.pth", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'path'?", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparseable_leanml_yaml_is_exit_3_with_its_line()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        File.WriteAllText(_dir.Combine("acme", "leanml.yaml"), "server:\n  port: [5080\n");
        var r = Infrastructure.Cli.Run(_dir.Combine("acme"), "status");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("leanml.yaml:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_without_its_connection_variable_is_exit_4_naming_the_variable()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme").ExitCode);
        File.WriteAllText(_dir.Combine("acme", "leanml.yaml"), "warehouse:\n  provider: postgres\n  connection_env: LEANML_TEST_SURELY_UNSET\n");
        var r = Infrastructure.Cli.Run(_dir.Combine("acme"), "status");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("LEANML_TEST_SURELY_UNSET", r.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
