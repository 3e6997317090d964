using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeanML.Storage;

/// <summary>
/// Turns a database error that is a fault of the environment (locked, read-only, damaged, full, unreachable) into a
/// <see cref="LeanMLEnvironmentException"/> whose message says what happened and what to do; hosts map it to exit 4
/// or HTTP 503.
/// </summary>
public static class StoreFault
{
    /// <summary>The environment error for a database error of the state store (call it for a fault <see cref="EnvironmentFaults"/> recognised).</summary>
    internal static LeanMLEnvironmentException From(DbException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var what = exception switch
        {
            // SQLite result codes (https://sqlite.org/rescode.html): the primary code is the low byte.
            SqliteException s => (s.SqliteErrorCode & 0xFF) switch
            {
                5 or 6 => "the state store is locked by another process (a long write); try again in a moment",
                8 => "the state store is read-only (its file, folder or file system cannot be written); make it writable, and the server recovers by itself",
                11 or 26 => "the state store is damaged (it is not a valid SQLite database); restore .leanml/state.db from a backup",
                13 => "the disk is full; free some space, and the server recovers by itself",
                10 => "the state store could not be read or written (an I/O error: a full disk, a removed file or a failing device)",
                14 => "the state store file cannot be opened (it was removed, or its folder cannot be read)",
                _ => $"the state store refused the operation: {s.Message}",
            },
            PostgresException p => p.SqlState switch
            {
                "55P03" or "40P01" or "57014" => "the database is locked by another session (a long write); try again in a moment",
                "25006" => "the database is read-only (a standby, or default_transaction_read_only); point LeanML at a writable server",
                "53100" => "the database server's disk is full; free some space on it",
                "53200" or "53300" => "the database server is out of memory or connections; try again in a moment",
                _ => $"the database refused the operation: {p.MessageText}",
            },
            NpgsqlException => $"the database cannot be reached: {exception.Message}",
            _ => $"the state store refused the operation: {exception.Message}",
        };
        return new LeanMLEnvironmentException(what + ".", exception);
    }
}
