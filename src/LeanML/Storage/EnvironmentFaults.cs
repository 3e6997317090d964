using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeanML.Storage;

/// <summary>
/// Recognises the faults of the machine rather than of LeanML — a full disk, a locked, read-only or damaged database,
/// an unreachable server — in whatever exception a store or the file system raised, and says what to do about each.
/// Hosts map the result to exit code 4 or HTTP 503.
/// </summary>
public static class EnvironmentFaults
{
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int Eacces = 13;

    /// <summary>The plain error for <paramref name="exception"/> (or one of its inner exceptions), or null when it is not an environment fault.</summary>
    public static LeanMLEnvironmentException? Classify(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is LeanMLEnvironmentException known)
            {
                return known;
            }

            var message = Describe(ex);
            if (message is not null)
            {
                return new LeanMLEnvironmentException(message, exception);
            }
        }

        return null;
    }

    private static string? Describe(Exception ex) => ex switch
    {
        SqliteException { SqliteErrorCode: 1 } s when MissingOwnTable(s.Message) is { } table => Dropped(table, "state store", ".leanml/state.db"),
        DuckDBException d when MissingOwnTable(d.Message) is { } table => Dropped(table, "warehouse", ".leanml/warehouse.duckdb"),
        PostgresException { SqlState: "42P01" } p when MissingOwnTable(p.MessageText) is { } table => Dropped(table, "PostgreSQL database", "the database's latest backup"),
        // The state store's faults are worded once, in StoreFault (the server answers them as 503).
        SqliteException s when (s.SqliteErrorCode & 0xFF) is 5 or 6 or 8 or 10 or 11 or 13 or 14 or 26 => StoreFault.From(s).Message,
        DuckDBException d => DuckDb(d.Message),
        PostgresException { SqlState: "55P03" or "40P01" or "57014" or "25006" or "53100" or "53200" or "53300" } p => StoreFault.From(p).Message,
        NpgsqlException { IsTransient: true } n and not PostgresException => StoreFault.From(n).Message,
        IOException io when (io.HResult & 0xFFFF) == Enospc => DiskFull,
        IOException io when (io.HResult & 0xFFFF) == Erofs => "the file system is read-only: LeanML cannot write its workspace here.",
        UnauthorizedAccessException u => $"permission denied: {u.Message} Make the workspace writable by this user.",
        IOException io when (io.HResult & 0xFFFF) == Eacces => $"permission denied: {io.Message} Make the workspace writable by this user.",
        _ => null,
    };

    // "no such table: leanml_runs" (SQLite), "Table with name score_outputs does not exist" in schema leanml (DuckDB),
    // "relation \"leanml.runs\" does not exist" (PostgreSQL): one of LeanML's own tables was dropped or damaged by hand.
    private static string? MissingOwnTable(string message)
    {
        if (!Has(message, "no such table") && !Has(message, "does not exist"))
        {
            return null;
        }

        var match = System.Text.RegularExpressions.Regex.Match(message, @"leanml[._]""?([a-z_]+)");
        return match.Success ? "leanml" + (message[match.Index + 6] == '.' ? "." : "_") + match.Groups[1].Value : null;
    }

    private static string Dropped(string table, string store, string restore) =>
        $"LeanML's own table {table} is missing from the {store} (dropped or damaged by hand?): LeanML cannot work without it. Restore {restore} from a backup.";

    private const string DiskFull = "the disk is full: free some space, then run the command again (nothing half-written was kept).";

    private static string? DuckDb(string message)
    {
        if (Has(message, "No space left on device") || Has(message, "disk is full") || Has(message, "out of disk"))
        {
            return DiskFull;
        }

        if (Has(message, "not a valid DuckDB database") || Has(message, "Corrupt") || Has(message, "checksum"))
        {
            return "the warehouse is damaged (not a readable DuckDB database): restore .leanml/warehouse.duckdb from a backup, or re-ingest your files into a new workspace.";
        }

        if (Has(message, "Read-only file system") || Has(message, "Permission denied"))
        {
            return IoMessage(message);
        }

        return null;
    }

    private static string IoMessage(string message) =>
        Has(message, "No space") || Has(message, "full") ? DiskFull
        : Has(message, "Permission denied") || Has(message, "Read-only") || Has(message, "readonly")
            ? $"the warehouse cannot be written ({message.Trim()}): make .leanml/ and its files writable by this user."
            : $"the disk or file system failed ({message.Trim()}): check the disk, then try again.";

    private static bool Has(string message, string part) => message.Contains(part, StringComparison.OrdinalIgnoreCase);
}
