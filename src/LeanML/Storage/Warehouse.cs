using LeanML.Ingestion;
using LeanML.Storage.DuckDb;
using LeanML.Storage.Migrations;
using LeanML.Storage.Postgres;
using LeanML.Workspace;

namespace LeanML.Storage;

/// <summary>
/// Opens the workspace's warehouse: user tables and the metadata that describes them, on DuckDB by default
/// (<c>.leanml/warehouse.duckdb</c>) or PostgreSQL for a team. Hold it for one operation only: another process cannot
/// write a DuckDB warehouse meanwhile.
/// </summary>
public static class Warehouse
{
    /// <summary>Told, once, when an open waits for another process that holds the warehouse (the CLI prints it).</summary>
    public static Action<string>? Waiting { get; set; }

    /// <summary>Told what an open found and could not mend (a load's canonical mapping that fails again); the CLI prints it.</summary>
    public static Action<string>? Warning { get; set; }

    /// <summary>Opens the warehouse for reading and writing and applies pending migrations.</summary>
    public static Task<Database> OpenAsync(Workspace.Workspace workspace, CancellationToken cancellationToken = default) =>
        OpenAsync(workspace, readOnly: false, cancellationToken);

    /// <summary>
    /// Opens the warehouse; <paramref name="readOnly"/> opens DuckDB read-only, unable to reach files or change its
    /// settings (several readers may then share it), and PostgreSQL with read-only transactions.
    /// </summary>
    public static async Task<Database> OpenAsync(Workspace.Workspace workspace, bool readOnly, CancellationToken cancellationToken = default)
    {
        var settings = workspace.Settings.Warehouse;
        RefuseRetiredSqlite(workspace);
        if (settings.Provider == WarehouseProvider.Postgres)
        {
            var cs = PostgresConnectionString(workspace);
            if (!readOnly)
            {
                var writer = await Database.OpenAsync(PostgresEngine.Instance, cs, StoreKind.Warehouse, cancellationToken).ConfigureAwait(false);
                try
                {
                    await FinishLoadsAsync(writer, cancellationToken).ConfigureAwait(false);
                    await Orphans.RemoveQuarantinesAsync(writer, workspace, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return writer;
            }

            // Migrate first (a read-only connection cannot), then read.
            await (await Database.OpenAsync(PostgresEngine.Instance, cs, StoreKind.Warehouse, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            return await Database.OpenUnmigratedAsync(PostgresEngine.Instance, cs, StoreKind.Warehouse, readOnly: true, lease: null, cancellationToken).ConfigureAwait(false);
        }

        var path = workspace.WarehousePath;
        StoreFiles.CheckBeforeOpen(workspace, path, "warehouse");
        if (readOnly && File.Exists(path))
        {
            // A reader sees the analytic copy as the state store is now, and no load half done: when the server wrote
            // since, or a load was killed between its commits, an open for writing brings it up to date first.
            var reader = await WarehouseLock.OpenAsync(path, readOnly: true, settings.LockTimeout, Waiting, cancellationToken).ConfigureAwait(false);
            if (await MigrationRunner.IsCurrentAsync(reader, cancellationToken).ConfigureAwait(false)
                && await AnalyticCopy.IsCurrentAsync(reader, workspace, cancellationToken).ConfigureAwait(false)
                && !await new IngestLogStore(reader).HasAfterCommitAsync(cancellationToken).ConfigureAwait(false))
            {
                return reader;
            }

            await reader.DisposeAsync().ConfigureAwait(false);
        }

        var database = await WarehouseLock.OpenAsync(path, readOnly: false, settings.LockTimeout, Waiting, cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrationRunner.ApplyAsync(database, cancellationToken).ConfigureAwait(false);
            // A load killed between its commit and the work it left to run after it (its canonical mapping) is finished first.
            await FinishLoadsAsync(database, cancellationToken).ConfigureAwait(false);
            // Every open for writing brings the analytic copy of the state store's events and logs up to date.
            await AnalyticCopy.RefreshAsync(database, workspace, cancellationToken).ConfigureAwait(false);
            await Orphans.RemoveQuarantinesAsync(database, workspace, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        StoreFiles.AfterOpen(path);
        if (!readOnly)
        {
            return database;
        }

        // A new or older warehouse is created or migrated first, then opened read-only.
        await database.DisposeAsync().ConfigureAwait(false);
        return await WarehouseLock.OpenAsync(path, readOnly: true, settings.LockTimeout, Waiting, cancellationToken).ConfigureAwait(false);
    }

    // Loads killed between their commit and the work they left to run after it (a canonical mapping) are finished.
    private static async Task FinishLoadsAsync(Database warehouse, CancellationToken cancellationToken)
    {
        foreach (var warning in await new IngestLogStore(warehouse).FinishAfterCommitAsync(cancellationToken).ConfigureAwait(false))
        {
            Warning?.Invoke(warning);
        }
    }

    /// <summary>The warehouse opened for reading, or null when an embedded warehouse file does not exist yet (nothing was loaded).</summary>
    public static async Task<Database?> OpenExistingForReadingAsync(Workspace.Workspace workspace, CancellationToken cancellationToken = default)
    {
        if (workspace.Settings.Warehouse.Provider != WarehouseProvider.Postgres && !File.Exists(workspace.WarehousePath))
        {
            return null;
        }

        return await OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the warehouse for a user's own SQL (<c>leanml sql</c>, <c>export --sql</c>): DuckDB read-only and unable
    /// to reach files or change its settings; on PostgreSQL, as a role that may only read the user tables (see
    /// <see cref="PostgresReaderRole"/>), in read-only transactions.
    /// </summary>
    public static async Task<Database> OpenForUserSqlAsync(Workspace.Workspace workspace, CancellationToken cancellationToken = default)
    {
        if (workspace.Settings.Warehouse.Provider != WarehouseProvider.Postgres)
        {
            return await OpenAsync(workspace, readOnly: true, cancellationToken).ConfigureAwait(false);
        }

        RefuseRetiredSqlite(workspace);
        var cs = PostgresConnectionString(workspace);
        await (await Database.OpenAsync(PostgresEngine.Instance, cs, StoreKind.Warehouse, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        var reader = await PostgresReaderRole.ConnectionStringAsync(cs, cancellationToken).ConfigureAwait(false);
        return await Database.OpenUnmigratedAsync(PostgresEngine.Instance, reader, StoreKind.Warehouse, readOnly: true, lease: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A second connection for a user's query beside <paramref name="open"/>, the warehouse a command holds for writing:
    /// on PostgreSQL as the read-only role; on DuckDB (one process writes the file) a connection of the same database,
    /// where the caller reads the query as a subquery in a transaction it rolls back.
    /// </summary>
    public static async Task<Database> OpenForUserSqlAsync(Workspace.Workspace workspace, Database open, CancellationToken cancellationToken = default) =>
        open.Engine is PostgresEngine
            ? await OpenForUserSqlAsync(workspace, cancellationToken).ConfigureAwait(false)
            : await open.OpenSiblingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Opens the database where analyses join the events, assignments and prediction log with warehouse tables: the
    /// warehouse, its analytic copy refreshed (DuckDB), or PostgreSQL, where they are in schema leanml already.
    /// </summary>
    public static Task<Database> OpenForAnalysisAsync(Workspace.Workspace workspace, CancellationToken cancellationToken = default) =>
        OpenAsync(workspace, readOnly: false, cancellationToken);

    /// <summary>The PostgreSQL connection string from the environment variable leanml.yaml names.</summary>
    internal static string PostgresConnectionString(Workspace.Workspace workspace)
    {
        var env = workspace.Settings.Warehouse.ConnectionEnv;
        var connectionString = Environment.GetEnvironmentVariable(env);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new LeanMLEnvironmentException(
                $"the workspace uses PostgreSQL, but the environment variable {env} is not set. " +
                $"Set it to a connection string, e.g. export {env}='Host=127.0.0.1;Username=leanml;Password=...;Database=leanml'.");
        }

        return connectionString;
    }

    /// <summary>True when the workspace still has a SQLite warehouse from before DuckDB and no DuckDB one.</summary>
    public static bool HasRetiredSqlite(Workspace.Workspace workspace) =>
        workspace.Settings.Warehouse.Provider == WarehouseProvider.DuckDb
        && (workspace.Settings.Warehouse.RetiredSqlite || !File.Exists(workspace.WarehousePath))
        && File.Exists(workspace.LegacySqlitePath);

    /// <summary>Throws the one-line instruction to migrate when the workspace still has the SQLite warehouse of the previous release.</summary>
    internal static void RefuseRetiredSqlite(Workspace.Workspace workspace)
    {
        if (HasRetiredSqlite(workspace))
        {
            throw new LeanMLEnvironmentException(
                $"this workspace's warehouse is a SQLite file ({Path.GetRelativePath(workspace.Root, workspace.LegacySqlitePath)}); LeanML's warehouse is now DuckDB. " +
                "Run 'leanml migrate-warehouse' once: it copies every table and its metadata into .leanml/warehouse.duckdb and keeps the old file as warehouse.sqlite.bak.");
        }

        if (workspace.Settings.Warehouse.RetiredSqlite)
        {
            throw new LeanMLEnvironmentException(
                $"leanml.yaml says 'provider: sqlite', which is retired: the warehouse is now DuckDB. Change it to 'provider: duckdb' (and the path to .leanml/warehouse.duckdb) in {workspace.SettingsFile}.");
        }
    }
}
