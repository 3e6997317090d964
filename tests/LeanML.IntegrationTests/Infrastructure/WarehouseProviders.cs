using LeanML.Storage;
using LeanML.Workspace;
using Npgsql;

namespace LeanML.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, empty warehouse of one provider for one test class (Dapper's TestBase&lt;TProvider&gt;):
/// the same store tests run against SQLite and PostgreSQL by deriving from <see cref="WarehouseTestBase{TProvider}"/>.
/// </summary>
public interface IWarehouseProvider : IAsyncDisposable
{
    WarehouseProvider Provider { get; }

    /// <summary>A connection string to a fresh database of this provider.</summary>
    Task<string> CreateDatabaseAsync();
}

/// <summary>A temporary SQLite file.</summary>
public sealed class SqliteProvider : IWarehouseProvider
{
    private readonly TempDir _dir = new();

    public WarehouseProvider Provider => WarehouseProvider.Sqlite;

    public Task<string> CreateDatabaseAsync() =>
        Task.FromResult(Warehouse.SqliteConnectionString(_dir.Combine($"w{Guid.NewGuid():N}.db")));

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh database on the PostgreSQL server test.sh starts (LEANML_TEST_PG, with a local default).</summary>
public sealed class PostgresProvider : IWarehouseProvider
{
    public const string DefaultConnection = "Host=127.0.0.1;Port=5432;Username=leanml;Password=leanml;Database=leanml_test";

    private readonly List<string> _databases = [];

    public static string AdminConnection => Environment.GetEnvironmentVariable("LEANML_TEST_PG") ?? DefaultConnection;

    public WarehouseProvider Provider => WarehouseProvider.Postgres;

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "leanml_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(AdminConnection))
        {
            try
            {
                await admin.OpenAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException($"PostgreSQL is not reachable at '{AdminConnection}'. Run the tests through ./test.sh, which starts it, or set LEANML_TEST_PG.", ex);
            }

            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {SqlNames.Quote(name)}", admin);
            await cmd.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnection);
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {SqlNames.Quote(name)} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Base of store tests that must pass on both providers.</summary>
public abstract class WarehouseTestBase<TProvider> : IAsyncLifetime
    where TProvider : IWarehouseProvider, new()
{
    protected TProvider Provider { get; } = new();

    /// <summary>Opens (and migrates) a warehouse on a fresh database.</summary>
    protected async Task<Warehouse> OpenFreshAsync()
    {
        var cs = await Provider.CreateDatabaseAsync();
        return await Warehouse.OpenAsync(Provider.Provider, cs);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}
