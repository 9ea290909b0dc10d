using System.Buffers.Text;
using System.Text;

namespace VpsTop.Core.Processes;

/// <summary>
/// The fields of /proc/PID/stat VpsTop uses. comm is whatever the process named itself (up to 15 bytes,
/// may hold spaces, parentheses and newlines), so it is taken between the FIRST '(' and the LAST ')':
/// the kernel never escapes it, and only the fields after it are trustworthy to split on spaces.
/// </summary>
internal readonly struct StatFields
{
    public const uint PfKthread = 0x00200000;

    public int Pid { get; init; }
    public string Comm { get; init; }
    public char State { get; init; }
    public int ParentPid { get; init; }
    public uint Flags { get; init; }
    public ulong StartTimeTicks { get; init; }

    public bool IsKernelThread => (Flags & PfKthread) != 0;

    public static bool TryParse(ReadOnlySpan<byte> stat, out StatFields fields)
    {
        fields = default;
        if (!TryLocateComm(stat, out int open, out int close)) return false;
        if (!ParseWhole(stat[..open].TrimEnd((byte)' '), out int pid)) return false;
        if (!TryParseTail(stat[(close + 1)..], out char state, out int ppid, out uint flags, out ulong start)) return false;
        fields = new StatFields
        {
            Pid = pid,
            Comm = Encoding.UTF8.GetString(stat.Slice(open + 1, close - open - 1)),
            State = state,
            ParentPid = ppid,
            Flags = flags,
            StartTimeTicks = start,
        };
        return true;
    }

    /// <summary>The start time alone, without allocating: the socket scanner re-checks it every second.</summary>
    public static bool TryParseStartTime(ReadOnlySpan<byte> stat, out ulong startTimeTicks)
    {
        startTimeTicks = 0;
        return TryLocateComm(stat, out _, out int close)
            && TryParseTail(stat[(close + 1)..], out _, out _, out _, out startTimeTicks);
    }

    private static bool TryLocateComm(ReadOnlySpan<byte> stat, out int open, out int close)
    {
        open = stat.IndexOf((byte)'(');
        close = stat.LastIndexOf((byte)')');
        return open > 0 && close > open;
    }

    // Fields 3.. after "comm)": state ppid pgrp session tty_nr tpgid flags … starttime is field 22.
    private static bool TryParseTail(ReadOnlySpan<byte> tail, out char state, out int ppid, out uint flags, out ulong start)
    {
        state = '\0'; ppid = 0; flags = 0; start = 0;
        int field = 2;
        while (field < 22)
        {
            if (tail.IsEmpty || tail[0] != (byte)' ') return false;
            tail = tail[1..];
            field++;
            int end = tail.IndexOfAny((byte)' ', (byte)'\n');
            ReadOnlySpan<byte> token = end < 0 ? tail : tail[..end];
            if (token.IsEmpty) return false;
            switch (field)
            {
                case 3:
                    if (token.Length != 1) return false;
                    state = (char)token[0];
                    break;
                case 4:
                    if (!ParseWhole(token, out ppid)) return false;
                    break;
                case 9:
                    if (!Utf8Parser.TryParse(token, out flags, out int fUsed) || fUsed != token.Length) return false;
                    break;
                case 22:
                    if (!Utf8Parser.TryParse(token, out start, out int sUsed) || sUsed != token.Length) return false;
                    break;
            }
            tail = end < 0 ? ReadOnlySpan<byte>.Empty : tail[end..];
        }
        return true;
    }

    private static bool ParseWhole(ReadOnlySpan<byte> token, out int value) =>
        Utf8Parser.TryParse(token, out value, out int used) && used == token.Length;
}
