using System.Runtime.InteropServices;

namespace LeanML.Storage;

/// <summary>
/// The few SQLite C calls of the prediction log's insert loop (Serving/SqlitePredictionInsert), taken by raw pointer:
/// SQLitePCL's wrappers take a SafeHandle (reference-counted on every call) and copy every text value, which is most
/// of the cost of a busy server's log. Statements are still prepared, owned and finalized through SQLitePCL; the
/// library is the one SQLitePCL loads (e_sqlite3, resolved from the application's native assets).
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>Throws SQLite's own message for an error code (anything but OK, ROW or DONE).</summary>
    public static void Check(SQLitePCL.sqlite3 db, int rc)
    {
        if (rc is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE or SQLitePCL.raw.SQLITE_ROW))
        {
            throw new Microsoft.Data.Sqlite.SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    /// <summary>Text the caller keeps unchanged until the statement has run (SQLITE_STATIC): SQLite does not copy it.</summary>
    public static readonly nint Static = 0;

    // Binding only sets a slot of the prepared statement (no I/O, no callbacks: text is SQLITE_STATIC), so it skips the
    // GC transition.

    /// <summary>Binds UTF-8 text of <paramref name="bytes"/> bytes at <paramref name="text"/>; SQLITE_OK (0) or an error code.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    public static partial int BindText(nint statement, int index, nint text, int bytes, nint destructor);

    /// <summary>Binds SQL NULL; SQLITE_OK (0) or an error code.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    public static partial int BindNull(nint statement, int index);

    /// <summary>Runs the statement one step: SQLITE_ROW (100), SQLITE_DONE (101), or an error code.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(nint statement);

    /// <summary>Makes the statement ready to run again (bindings are kept); the last step's error code, if any.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(nint statement);

    /// <summary>The connection's mutex (held once around a whole read loop instead of once per call).</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_db_mutex")]
    public static partial nint DbMutex(nint db);

    /// <summary>Takes a mutex.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_mutex_enter")]
    public static partial void MutexEnter(nint mutex);

    /// <summary>Releases a mutex.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_mutex_leave")]
    public static partial void MutexLeave(nint mutex);

    /// <summary>SQLITE_FCNTL_HAS_MOVED: sets the int at the argument to 1 when the database file was unlinked or replaced since it was opened.</summary>
    public const int FileControlHasMoved = 20;

    /// <summary>A file control of the named database ("main"): SQLITE_OK, SQLITE_NOTFOUND (op unknown) or an error code.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_file_control")]
    public static partial int FileControl(nint db, byte* name, int op, nint arg);

    /// <summary>True when the file the connection opened was deleted or replaced by another file since (SQLITE_FCNTL_HAS_MOVED).</summary>
    public static bool HasMoved(SQLitePCL.sqlite3 db)
    {
        var moved = 0;
        fixed (byte* main = "main\0"u8)
        {
            return FileControl(db.DangerousGetHandle(), main, FileControlHasMoved, (nint)(&moved)) == SQLitePCL.raw.SQLITE_OK && moved != 0;
        }
    }
}
