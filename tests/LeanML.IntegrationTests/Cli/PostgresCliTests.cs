using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Cli;

/// <summary>The CLI process on a PostgreSQL warehouse, where query results carry types SQLite never returns.</summary>
public sealed class PostgresCliTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_CLI_PG_" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        // A variable of this test's own, inherited by the CLI process: the workspace names it as its connection.
        Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());
        File.WriteAllText(_dir.Combine("leanml.yaml"), $"warehouse:\n  provider: postgres\n  connection_env: {_variable}\n");
    }

    [Fact]
    public async Task Sql_json_writes_booleans_numerics_and_small_integers_as_json_values()
    {
        var r = await Infrastructure.Cli.RunAsync(_dir.Path, "sql", "SELECT 3 > 2 AS bigger, 2.5::numeric AS amount, 7::smallint AS n, 'x' AS s", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var row = r.Json().GetProperty("rows")[0];
        Assert.True(row[0].GetBoolean());
        Assert.Equal(2.5, row[1].GetDouble());
        Assert.Equal(7, row[2].GetInt64());
        Assert.Equal("x", row[3].GetString());
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
        _dir.Dispose();
    }
}
