using System.Runtime.InteropServices;
using System.Text;

namespace VpsTop.Core.Platform;

/// <summary>
/// Read-only queries on a SQLite file through the system's libsqlite3 (present wherever wtmpdb is, since wtmpdb
/// links it): a handful of imports, no reflection, nothing for NativeAOT to trim away, no bundled native library.
/// </summary>
internal sealed unsafe partial class Sqlite : IDisposable
{
    private const string Lib = "libsqlite3.so.0";
    private const int OpenReadOnly = 0x1;
    private const int Row = 100, Done = 101, NullType = 5;

    private static readonly Lazy<bool> Loaded = new(() => NativeLibrary.TryLoad(Lib, out _));

    [LibraryImport(Lib)] private static partial int sqlite3_open_v2(byte* path, nint* db, int flags, byte* vfs);
    [LibraryImport(Lib)] private static partial int sqlite3_close_v2(nint db);
    [LibraryImport(Lib)] private static partial int sqlite3_busy_timeout(nint db, int ms);
    [LibraryImport(Lib)] private static partial int sqlite3_prepare_v2(nint db, byte* sql, int length, nint* statement, byte** tail);
    [LibraryImport(Lib)] private static partial int sqlite3_step(nint statement);
    [LibraryImport(Lib)] private static partial int sqlite3_finalize(nint statement);
    [LibraryImport(Lib)] private static partial int sqlite3_column_type(nint statement, int column);
    [LibraryImport(Lib)] private static partial long sqlite3_column_int64(nint statement, int column);
    [LibraryImport(Lib)] private static partial byte* sqlite3_column_text(nint statement, int column);
    [LibraryImport(Lib)] private static partial byte* sqlite3_errmsg(nint db);

    private nint _db;

    private Sqlite(nint db) => _db = db;

    /// <summary>Opens <paramref name="path"/> read-only, or returns null with the reason.</summary>
    public static Sqlite? Open(string path, out string? error)
    {
        error = null;
        if (!Loaded.Value)
        {
            error = "libsqlite3 is not installed";
            return null;
        }
        nint db = 0;
        byte[] utf8 = Encoding.UTF8.GetBytes(path + "\0");
        int rc;
        fixed (byte* p = utf8) rc = sqlite3_open_v2(p, &db, OpenReadOnly, null);
        if (rc != 0)
        {
            error = db != 0 ? Message(db) : $"sqlite error {rc}";
            if (db != 0) sqlite3_close_v2(db);
            return null;
        }
        // The writer (pam/sshd) holds its lock only briefly.
        sqlite3_busy_timeout(db, 2000);
        return new Sqlite(db);
    }

    /// <summary>Runs <paramref name="sql"/> and calls <paramref name="row"/> for each row; returns an error or null.</summary>
    public string? Query(string sql, Action<Columns> row)
    {
        nint statement = 0;
        byte[] utf8 = Encoding.UTF8.GetBytes(sql + "\0");
        int rc;
        fixed (byte* p = utf8) rc = sqlite3_prepare_v2(_db, p, -1, &statement, null);
        if (rc != 0) return Message(_db);
        try
        {
            var columns = new Columns(statement);
            while ((rc = sqlite3_step(statement)) == Row) row(columns);
            return rc == Done ? null : Message(_db);
        }
        finally
        {
            sqlite3_finalize(statement);
        }
    }

    public readonly struct Columns(nint statement)
    {
        public bool IsNull(int column) => sqlite3_column_type(statement, column) == NullType;
        public long Int64(int column) => sqlite3_column_int64(statement, column);

        public string Text(int column)
        {
            byte* text = sqlite3_column_text(statement, column);
            return text is null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";
        }
    }

    private static string Message(nint db) => Marshal.PtrToStringUTF8((nint)sqlite3_errmsg(db)) ?? "sqlite error";

    public void Dispose()
    {
        if (_db == 0) return;
        sqlite3_close_v2(_db);
        _db = 0;
    }
}
