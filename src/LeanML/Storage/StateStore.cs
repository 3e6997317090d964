using LeanML.Storage.Postgres;
using LeanML.Storage.Sqlite;
using LeanML.Workspace;

namespace LeanML.Storage;

/// <summary>
/// Opens the workspace's state store: runs and promotions, tokens, experiments, assignments, events, the prediction log
/// and score runs. SQLite (<c>.leanml/state.db</c>, WAL: many small commits from the CLI and the server at once) by
/// default; schema <c>leanml</c> of the team's PostgreSQL otherwise.
/// </summary>
public static class StateStore
{
    /// <summary>Opens the state store and applies pending migrations.</summary>
    public static Task<Database> OpenAsync(Workspace.Workspace workspace, CancellationToken cancellationToken = default)
    {
        if (workspace.Settings.Warehouse.Provider == WarehouseProvider.Postgres)
        {
            return OpenPostgresAsync(workspace, cancellationToken);
        }

        // A workspace of the previous release keeps its runs and tokens in the SQLite warehouse until it is migrated.
        Warehouse.RefuseRetiredSqlite(workspace);
        return OpenEmbeddedAsync(workspace, cancellationToken);
    }

    private static async Task<Database> OpenPostgresAsync(Workspace.Workspace workspace, CancellationToken cancellationToken)
    {
        var database = await Database.OpenAsync(PostgresEngine.Instance, Warehouse.PostgresConnectionString(workspace), StoreKind.State, cancellationToken).ConfigureAwait(false);
        await Orphans.RemoveRunFoldersAsync(database, workspace, cancellationToken).ConfigureAwait(false);
        return database;
    }

    private static async Task<Database> OpenEmbeddedAsync(Workspace.Workspace workspace, CancellationToken cancellationToken)
    {
        StoreFiles.CheckBeforeOpen(workspace, workspace.StatePath, "state store");
        var database = await Database.OpenAsync(SqliteEngine.Instance, SqliteEngine.ConnectionString(workspace.StatePath), StoreKind.State, cancellationToken).ConfigureAwait(false);
        StoreFiles.AfterOpen(workspace.StatePath);
        await Orphans.RemoveRunFoldersAsync(database, workspace, cancellationToken).ConfigureAwait(false);
        return database;
    }
}
