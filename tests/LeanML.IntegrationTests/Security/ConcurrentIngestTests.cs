using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Security;

/// <summary>
/// The same file ingested twice at the same moment is loaded once: "already loaded" holds under concurrency. On
/// PostgreSQL, where two loads can run at once (this failed before loads into one table took turns); DuckDB lets one
/// process write at a time, so there the two always run one after the other.
/// </summary>
public abstract class ConcurrentIngestTests : IAsyncLifetime
{
    protected readonly TempDir Dir = new();

    protected abstract Task CreateWorkspaceAsync();

    public Task InitializeAsync() => CreateWorkspaceAsync();

    [Fact]
    public async Task Two_ingests_of_one_file_at_once_load_it_once()
    {
        var file = Dir.Combine("orders.csv");
        await using (var w = new StreamWriter(file))
        {
            await w.WriteLineAsync("id,customer,amount");
            for (var i = 0; i < 200_000; i++)
            {
                await w.WriteLineAsync($"{i},c{i % 997},{i % 1000 * 0.25:0.00}");
            }
        }

        var runs = Enumerable.Range(0, 2).Select(_ => Infrastructure.Cli.RunAsync(Dir.Path, "ingest", file, "--json")).ToArray();
        var results = await Task.WhenAll(runs);
        foreach (var r in results)
        {
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        Assert.Equal(1, results.Count(r => r.Json().GetProperty("files")[0].GetProperty("already_loaded").GetBoolean()));
        var count = await Infrastructure.Cli.RunAsync(Dir.Path, "sql", "SELECT COUNT(*) FROM orders", "--json");
        Assert.True(count.ExitCode == 0, count.ToString());
        Assert.Equal(200_000L, count.Json().GetProperty("rows")[0][0].GetInt64());
    }

    public virtual Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresConcurrentIngestTests : ConcurrentIngestTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_INGEST_PG_" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task CreateWorkspaceAsync()
    {
        Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());
        File.WriteAllText(Dir.Combine("leanml.yaml"), $"warehouse:\n  provider: postgres\n  connection_env: {_variable}\n");
    }

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
        await base.DisposeAsync();
    }
}
