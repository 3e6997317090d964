using LeanML.Storage;
using Npgsql;

namespace LeanML.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, empty database of one engine for one test class (Dapper's TestBase&lt;TProvider&gt;): the same store tests
/// run on every engine of their store by deriving from <see cref="WarehouseTestBase{TProvider}"/>: warehouse tests on
/// DuckDB and PostgreSQL, state-store tests on SQLite and PostgreSQL.
/// </summary>
public interface IWarehouseProvider : IAsyncDisposable
{
    StorageEngine Engine { get; }

    /// <summary>A connection string to a fresh database of this engine.</summary>
    Task<string> CreateDatabaseAsync();
}

/// <summary>A temporary DuckDB file (the embedded warehouse).</summary>
public sealed class DuckDbProvider : IWarehouseProvider
{
    private readonly TempDir _dir = new();

    public StorageEngine Engine => LeanML.Storage.DuckDb.DuckDbEngine.Instance;

    public Task<string> CreateDatabaseAsync() =>
        Task.FromResult(LeanML.Storage.DuckDb.DuckDbEngine.ConnectionString(_dir.Combine($"w{Guid.NewGuid():N}.duckdb")));

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A temporary SQLite file (the embedded state store).</summary>
public sealed class SqliteProvider : IWarehouseProvider
{
    private readonly TempDir _dir = new();

    public StorageEngine Engine => LeanML.Storage.Sqlite.SqliteEngine.Instance;

    public Task<string> CreateDatabaseAsync() =>
        Task.FromResult(LeanML.Storage.Sqlite.SqliteEngine.ConnectionString(_dir.Combine($"w{Guid.NewGuid():N}.db")));

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

    public StorageEngine Engine => LeanML.Storage.Postgres.PostgresEngine.Instance;

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
            // The read-only role 'leanml sql' made for the database (a role is the cluster's, not the database's).
            await using var role = new NpgsqlCommand($"DROP ROLE IF EXISTS {SqlNames.Quote(LeanML.Storage.Postgres.PostgresReaderRole.RoleName(name))}", admin);
            await role.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Base of store tests that must pass on both providers.</summary>
public abstract class WarehouseTestBase<TProvider> : IAsyncLifetime
    where TProvider : IWarehouseProvider, new()
{
    protected TProvider Provider { get; } = new();

    /// <summary>The store the tests of the class use (the warehouse unless they say otherwise).</summary>
    protected virtual StoreKind Store => StoreKind.Warehouse;

    /// <summary>Opens (and migrates) the class's store on a fresh database.</summary>
    protected async Task<Database> OpenFreshAsync()
    {
        var cs = await Provider.CreateDatabaseAsync();
        return await Database.OpenAsync(Provider.Engine, cs, Store);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}
