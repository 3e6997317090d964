using System.Runtime.InteropServices;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// The few SQLite C calls of the bulk insert path, taken by raw statement pointer: SQLitePCL's wrappers take a
/// SafeHandle (reference-counted on every call) and copy every text value (SQLITE_TRANSIENT), which is most of the
/// binding cost of a million-row load. Statements are still prepared, owned and finalized through SQLitePCL.
/// The library is the one SQLitePCL loads (e_sqlite3, resolved from the application's native assets).
/// </summary>
internal static partial class SqliteBindings
{
    private const string Library = "e_sqlite3";

    /// <summary>Text the caller keeps unchanged until the statement has run (SQLITE_STATIC): SQLite does not copy it.</summary>
    public static readonly nint Static = 0;

    /// <summary>Binds a 64-bit integer; SQLITE_OK (0) or an error code.</summary>
    [DllImport(Library)]
    public static extern int sqlite3_bind_int64(nint statement, int index, long value);

    /// <summary>Binds a double; SQLITE_OK (0) or an error code.</summary>
    [DllImport(Library)]
    public static extern int sqlite3_bind_double(nint statement, int index, double value);

    /// <summary>Binds UTF-8 text of <paramref name="bytes"/> bytes at <paramref name="text"/>; SQLITE_OK (0) or an error code.</summary>
    [DllImport(Library)]
    public static extern int sqlite3_bind_text(nint statement, int index, nint text, int bytes, nint destructor);

    /// <summary>Binds NULL; SQLITE_OK (0) or an error code.</summary>
    [DllImport(Library)]
    public static extern int sqlite3_bind_null(nint statement, int index);

    /// <summary>Runs the statement; SQLITE_DONE (101) when an INSERT finished, else an error code.</summary>
    [DllImport(Library)]
    public static extern int sqlite3_step(nint statement);

    /// <summary>Makes the statement ready to run again (bindings are kept); the last step's error code, if any.</summary>
    [DllImport(Library)]
    public static extern int sqlite3_reset(nint statement);
}
