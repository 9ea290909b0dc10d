using System.Runtime.InteropServices;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// The libsystemd sd-journal entry points (sd-journal.h, systemd ≥ 209), loaded at run time from the soname
/// "libsystemd.so.0" so VpsTop still starts on systems without systemd. An sd_journal object may only ever be used
/// by the thread that opened it (sd_journal_open(3) NOTES): only <see cref="JournalReader"/>'s thread calls these.
/// </summary>
internal sealed unsafe class SdJournal
{
    public const int LocalOnly = 1, System = 4;
    public const int Nop = 0, Append = 1, Invalidate = 2;

    public readonly delegate* unmanaged<nint*, int, int> Open;
    public readonly delegate* unmanaged<nint*, byte*, int, int> OpenDirectory;
    public readonly delegate* unmanaged<nint*, byte**, int, int> OpenFiles;
    public readonly delegate* unmanaged<nint, void> Close;
    public readonly delegate* unmanaged<nint, byte*, nuint, int> AddMatch;
    public readonly delegate* unmanaged<nint, int> AddDisjunction;
    public readonly delegate* unmanaged<nint, int> SeekTail;
    public readonly delegate* unmanaged<nint, byte*, int> SeekCursor;
    public readonly delegate* unmanaged<nint, byte*, int> TestCursor;
    public readonly delegate* unmanaged<nint, ulong, int> SeekRealtimeUsec;
    public readonly delegate* unmanaged<nint, int> Next;
    public readonly delegate* unmanaged<nint, ulong, int> PreviousSkip;
    public readonly delegate* unmanaged<nint, byte*, void**, nuint*, int> GetData;
    public readonly delegate* unmanaged<nint, ulong*, int> GetRealtimeUsec;
    public readonly delegate* unmanaged<nint, byte**, int> GetCursor;
    public readonly delegate* unmanaged<nint, ulong, int> Wait;
    public readonly delegate* unmanaged<nint, nuint, int> SetDataThreshold;

    private SdJournal(nint lib)
    {
        Open = (delegate* unmanaged<nint*, int, int>)NativeLibrary.GetExport(lib, "sd_journal_open");
        OpenDirectory = (delegate* unmanaged<nint*, byte*, int, int>)NativeLibrary.GetExport(lib, "sd_journal_open_directory");
        OpenFiles = (delegate* unmanaged<nint*, byte**, int, int>)NativeLibrary.GetExport(lib, "sd_journal_open_files");
        Close = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(lib, "sd_journal_close");
        AddMatch = (delegate* unmanaged<nint, byte*, nuint, int>)NativeLibrary.GetExport(lib, "sd_journal_add_match");
        AddDisjunction = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(lib, "sd_journal_add_disjunction");
        SeekTail = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(lib, "sd_journal_seek_tail");
        SeekCursor = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(lib, "sd_journal_seek_cursor");
        TestCursor = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(lib, "sd_journal_test_cursor");
        SeekRealtimeUsec = (delegate* unmanaged<nint, ulong, int>)NativeLibrary.GetExport(lib, "sd_journal_seek_realtime_usec");
        Next = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(lib, "sd_journal_next");
        PreviousSkip = (delegate* unmanaged<nint, ulong, int>)NativeLibrary.GetExport(lib, "sd_journal_previous_skip");
        GetData = (delegate* unmanaged<nint, byte*, void**, nuint*, int>)NativeLibrary.GetExport(lib, "sd_journal_get_data");
        GetRealtimeUsec = (delegate* unmanaged<nint, ulong*, int>)NativeLibrary.GetExport(lib, "sd_journal_get_realtime_usec");
        GetCursor = (delegate* unmanaged<nint, byte**, int>)NativeLibrary.GetExport(lib, "sd_journal_get_cursor");
        Wait = (delegate* unmanaged<nint, ulong, int>)NativeLibrary.GetExport(lib, "sd_journal_wait");
        SetDataThreshold = (delegate* unmanaged<nint, nuint, int>)NativeLibrary.GetExport(lib, "sd_journal_set_data_threshold");
    }

    private static readonly Lazy<(SdJournal? Api, string? Problem)> Loaded = new(Load);

    /// <summary>The API, or null and why not ("no systemd: libsystemd.so.0 not found").</summary>
    public static SdJournal? TryGet(out string? problem)
    {
        (SdJournal? api, problem) = Loaded.Value;
        return api;
    }

    private static (SdJournal?, string?) Load()
    {
        if (!NativeLibrary.TryLoad("libsystemd.so.0", out nint lib))
            return (null, "no systemd: libsystemd.so.0 not found");
        try
        {
            return (new SdJournal(lib), null);
        }
        catch (EntryPointNotFoundException e)
        {
            return (null, "libsystemd.so.0 is too old: " + e.Message);
        }
    }

    public static string Errno(int negative) => -negative switch
    {
        1 or 13 => "permission denied",
        2 => "absent",
        24 => "too many open files",
        _ => $"error {-negative}",
    };
}
