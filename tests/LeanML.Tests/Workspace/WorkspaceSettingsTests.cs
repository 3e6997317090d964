using LeanML.Workspace;

namespace LeanML.Tests.Workspace;

public sealed class WorkspaceSettingsTests
{
    [Fact]
    public void Empty_file_gives_the_defaults() => Assert.Equal(WorkspaceSettings.Default, WorkspaceSettings.Parse("leanml.yaml", ""));

    [Fact]
    public void The_init_template_parses_to_the_defaults() =>
        Assert.Equal(WorkspaceSettings.Default, WorkspaceSettings.Parse("leanml.yaml", WorkspaceInitializer.SettingsTemplate));

    [Fact]
    public void Values_are_read()
    {
        var s = WorkspaceSettings.Parse("leanml.yaml", "warehouse:\n  provider: postgres\n  connection_env: PG\nserver:\n  port: 6001\n");
        Assert.Equal(WarehouseProvider.Postgres, s.Warehouse.Provider);
        Assert.Equal("PG", s.Warehouse.ConnectionEnv);
        Assert.Equal(6001, s.Server.Port);
        Assert.Equal("127.0.0.1", s.Server.Host);
    }

    [Fact]
    public void Allowed_hosts_are_read_as_a_list()
    {
        Assert.Empty(WorkspaceSettings.Default.Server.AllowedHosts);
        Assert.Equal(["models.acme.internal", "10.0.0.5"], WorkspaceSettings.Parse("leanml.yaml", "server:\n  allowed_hosts: [models.acme.internal, 10.0.0.5]\n").Server.AllowedHosts);
        Assert.Equal(["models.acme.internal"], WorkspaceSettings.Parse("leanml.yaml", "server:\n  allowed_hosts: models.acme.internal\n").Server.AllowedHosts);
    }

    [Fact]
    public void Wrong_provider_names_line_and_suggests()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "warehouse:\n  provider: postgre\n"));
        Assert.Equal(2, ex.Line);
        Assert.Contains("Did you mean 'postgres'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_sample_is_read_and_must_be_a_share()
    {
        Assert.Equal(1.0, WorkspaceSettings.Default.Server.LogSample);
        Assert.Equal(0.25, WorkspaceSettings.Parse("leanml.yaml", "server:\n  log_sample: 0.25\n").Server.LogSample);
        var ex = Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "server:\n  port: 5080\n  log_sample: 10\n"));
        Assert.Equal("server.log_sample", ex.Field);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Port_out_of_range_is_rejected()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "server:\n  port: 70000\n"));
        Assert.Equal("server.port", ex.Field);
    }

    [Fact]
    public void Unknown_top_level_key_suggests_the_closest()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => WorkspaceSettings.Parse("leanml.yaml", "servers:\n  port: 1\n"));
        Assert.Contains("Did you mean 'server'?", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Line);
    }
}
