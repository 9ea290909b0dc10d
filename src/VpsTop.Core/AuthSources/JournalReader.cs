using System.Text;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// Reads sshd's entries from the systemd journal through libsystemd on one dedicated thread (an sd_journal object
/// must never be touched by another thread). Entries match when their unit is ssh.service or sshd.service, their
/// process is sshd, sshd-session or sshd-auth (post-login lines move to session-N.scope, so the unit alone misses
/// them), or their SYSLOG_IDENTIFIER claims to be one of those; <see cref="JournalFields.Verified"/> tells which
/// were really written by a root-owned sshd. Missing libsystemd or an unopenable journal becomes
/// <see cref="Problem"/>, never an exception.
/// </summary>
public sealed unsafe class JournalReader : IDisposable
{
    public const string SourceName = "journal";

    private readonly JournalLocation _location;
    private readonly JournalStart _start;
    private readonly bool _follow;
    private volatile bool _stop;
    private volatile string? _problem;
    private volatile string? _lastCursor;
    private Thread? _thread;

    public JournalReader(JournalLocation location, JournalStart start, bool follow)
    {
        _location = location;
        _start = start;
        _follow = follow;
    }

    /// <summary>Why reading failed or stopped ("no systemd: libsystemd.so.0 not found"), or null.</summary>
    public string? Problem => _problem;

    /// <summary>The cursor of the last delivered entry: save it and pass it to <see cref="JournalStart.After"/> to resume.</summary>
    public string? LastCursor => _lastCursor;

    /// <summary>Starts the reader thread; <paramref name="deliver"/> is called on it with each batch of entries.</summary>
    public void Start(Action<List<LogLine>> deliver)
    {
        if (_thread is not null) throw new InvalidOperationException("already started");
        _thread = new Thread(() => Run(deliver)) { IsBackground = true, Name = "vpstop-journal" };
        _thread.Start();
    }

    /// <summary>Reads what is there now (no follow) on a dedicated thread and returns it.</summary>
    public static JournalReadResult ReadAll(JournalLocation location, JournalStart start, int maxEntries = int.MaxValue)
    {
        var lines = new List<LogLine>();
        using var reader = new JournalReader(location, start, follow: false);
        reader.Start(batch =>
        {
            lines.AddRange(batch.Take(maxEntries - lines.Count));
            if (lines.Count >= maxEntries) reader._stop = true;
        });
        reader._thread!.Join();
        return new JournalReadResult(lines, reader.Problem, reader.LastCursor);
    }

    public void Dispose()
    {
        _stop = true;
        if (_thread is not null && _thread != Thread.CurrentThread) _thread.Join();
    }

    private void Run(Action<List<LogLine>> deliver)
    {
        SdJournal? api = SdJournal.TryGet(out string? problem);
        if (api is null)
        {
            _problem = problem;
            return;
        }
        nint j = 0;
        int r = OpenJournal(api, &j);
        if (r < 0)
        {
            _problem = $"cannot open {_location}: {SdJournal.Errno(r)}";
            return;
        }
        try
        {
            AddMatches(api, j);
            bool readCurrent = Seek(api, j);
            var batch = new List<LogLine>();
            while (!_stop)
            {
                if (readCurrent)
                {
                    batch.Add(ReadEntry(api, j));
                    readCurrent = false;
                }
                while (!_stop && batch.Count < 512 && (r = api.Next(j)) > 0)
                    batch.Add(ReadEntry(api, j));
                if (batch.Count > 0)
                {
                    deliver(batch);
                    batch.Clear();
                    if (r > 0) continue; // more entries waiting
                }
                if (r < 0)
                {
                    _problem = "reading the journal failed: " + SdJournal.Errno(r);
                    return;
                }
                if (!_follow) return;
                r = api.Wait(j, 250_000); // µs; wakes on new entries, rotation (INVALIDATE) or timeout
                if (r < 0)
                {
                    _problem = "waiting on the journal failed: " + SdJournal.Errno(r);
                    return;
                }
            }
        }
        finally
        {
            api.Close(j);
        }
    }

    private int OpenJournal(SdJournal api, nint* j)
    {
        if (_location.Files is { } files)
        {
            var encoded = new byte[files.Count][];
            var handles = new System.Runtime.InteropServices.GCHandle[files.Count];
            byte** paths = stackalloc byte*[files.Count + 1];
            try
            {
                for (int i = 0; i < files.Count; i++)
                {
                    encoded[i] = Nul(files[i]);
                    handles[i] = System.Runtime.InteropServices.GCHandle.Alloc(encoded[i],
                        System.Runtime.InteropServices.GCHandleType.Pinned);
                    paths[i] = (byte*)handles[i].AddrOfPinnedObject();
                }
                paths[files.Count] = null;
                return api.OpenFiles(j, paths, 0);
            }
            finally
            {
                foreach (var h in handles) if (h.IsAllocated) h.Free();
            }
        }
        if (_location.Directory is { } dir)
        {
            fixed (byte* d = Nul(dir)) return api.OpenDirectory(j, d, 0);
        }
        return api.Open(j, SdJournal.LocalOnly | SdJournal.System);
    }

    private static void AddMatches(SdJournal api, nint j)
    {
        // Same field = OR; groups are joined by disjunctions, so the whole is one big OR.
        Match(api, j, "_SYSTEMD_UNIT=ssh.service"u8);
        Match(api, j, "_SYSTEMD_UNIT=sshd.service"u8);
        api.AddDisjunction(j);
        Match(api, j, "_COMM=sshd"u8);
        Match(api, j, "_COMM=sshd-session"u8);
        Match(api, j, "_COMM=sshd-auth"u8);
        api.AddDisjunction(j);
        // Forgeable (logger -t sshd); kept so the pane can show such entries as unverified.
        Match(api, j, "SYSLOG_IDENTIFIER=sshd"u8);
        Match(api, j, "SYSLOG_IDENTIFIER=sshd-session"u8);
        Match(api, j, "SYSLOG_IDENTIFIER=sshd-auth"u8);
    }

    private static void Match(SdJournal api, nint j, ReadOnlySpan<byte> match)
    {
        fixed (byte* m = match) api.AddMatch(j, m, (nuint)match.Length);
    }

    /// <summary>Positions the journal; true when the current entry is the first to deliver.</summary>
    private bool Seek(SdJournal api, nint j)
    {
        if (_start.AfterCursor is { } cursor)
        {
            byte[] c = Nul(cursor);
            fixed (byte* cp = c)
            {
                if (api.SeekCursor(j, cp) < 0) return SeekTail(api, j, 0);
                if (api.Next(j) <= 0) return false;
                // next() lands on the cursor's own entry when it still exists: that one was delivered already.
                return api.TestCursor(j, cp) <= 0;
            }
        }
        if (_start.Since is { } since)
        {
            api.SeekRealtimeUsec(j, (ulong)since.ToUnixTimeMilliseconds() * 1000);
            return false;
        }
        return SeekTail(api, j, _start.Backlog);
    }

    private static bool SeekTail(SdJournal api, nint j, int backlog)
    {
        // seek_tail then previous, never seek_tail then next (systemd#9934: next after seek_tail can land wrong).
        api.SeekTail(j);
        int moved = api.PreviousSkip(j, (ulong)Math.Max(backlog, 1));
        return backlog > 0 && moved > 0;
    }

    private LogLine ReadEntry(SdJournal api, nint j)
    {
        ulong usec = 0;
        api.GetRealtimeUsec(j, &usec);
        string cursor = "";
        byte* c = null;
        if (api.GetCursor(j, &c) >= 0 && c is not null)
        {
            cursor = new string((sbyte*)c);
            System.Runtime.InteropServices.NativeMemory.Free(c); // malloc'd by libsystemd
        }
        _lastCursor = cursor;
        string? pid = Field(api, j, "_PID\0"u8);
        string? uid = Field(api, j, "_UID\0"u8);
        var fields = new JournalFields(
            (long)usec,
            int.TryParse(pid, out int p) ? p : null,
            Field(api, j, "_COMM\0"u8),
            uint.TryParse(uid, out uint u) ? u : null,
            Field(api, j, "_EXE\0"u8),
            Field(api, j, "SYSLOG_IDENTIFIER\0"u8),
            Field(api, j, "_SYSTEMD_UNIT\0"u8),
            cursor);
        return new LogLine(Field(api, j, "MESSAGE\0"u8) ?? "", SourceName, fields);
    }

    /// <summary>The field's value (get_data returns "NAME=value"), decoded as UTF-8 with replacement; null when absent.</summary>
    private static string? Field(SdJournal api, nint j, ReadOnlySpan<byte> nameNul)
    {
        void* data;
        nuint length;
        fixed (byte* name = nameNul)
        {
            if (api.GetData(j, name, &data, &length) < 0) return null;
        }
        int prefix = nameNul.Length; // name + '=' (the NUL's place)
        if ((int)length < prefix) return null;
        return LineSplitter.Decode(new ReadOnlySpan<byte>((byte*)data + prefix, (int)length - prefix));
    }

    private static byte[] Nul(string s)
    {
        byte[] b = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, b);
        return b;
    }
}
