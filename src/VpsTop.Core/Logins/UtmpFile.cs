using System.Buffers.Binary;
using System.Text;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Logins;

/// <summary>
/// Reads wtmp / btmp files (glibc struct utmp on 64-bit Linux: 384-byte records, 32-bit time fields, verified with
/// utmpdump). Fixed-width strings are not NUL-terminated when full. A trailing partial record (a write in progress,
/// a truncated copy) is reported, not parsed; a record whose type is out of range is skipped and counted.
/// </summary>
public static class UtmpFile
{
    public const int RecordSize = 384;

    public sealed record Contents(IReadOnlyList<UtmpRecord> Records, IReadOnlyList<string> Problems);

    public static Contents Read(string path)
    {
        var records = new List<UtmpRecord>();
        var problems = new List<string>();
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return new Contents(records, [$"{path}: absent"]); }
        catch (DirectoryNotFoundException) { return new Contents(records, [$"{path}: absent"]); }
        catch (UnauthorizedAccessException) { return new Contents(records, [$"{path}: permission denied (run as root)"]); }
        catch (IOException e) { return new Contents(records, [$"{path}: {e.Message}"]); }

        int whole = data.Length / RecordSize, corrupt = 0;
        for (int i = 0; i < whole; i++)
        {
            if (TryParse(data.AsSpan(i * RecordSize, RecordSize), out var record)) records.Add(record);
            else corrupt++;
        }
        if (corrupt > 0) problems.Add($"{path}: {corrupt} record(s) with an unknown type skipped (corrupt or not a utmp file)");
        if (data.Length % RecordSize != 0)
            problems.Add($"{path}: ends with a partial record ({data.Length % RecordSize} bytes; being written, or a truncated copy)");
        return new Contents(records, problems);
    }

    public static bool TryParse(ReadOnlySpan<byte> r, out UtmpRecord record)
    {
        record = default;
        if (r.Length < RecordSize) return false;
        short type = BinaryPrimitives.ReadInt16LittleEndian(r);
        if (type < 0 || type > (short)UtmpType.Accounting) return false;
        int seconds = BinaryPrimitives.ReadInt32LittleEndian(r[340..]);
        int micros = BinaryPrimitives.ReadInt32LittleEndian(r[344..]);
        // 32-bit signed seconds (the Y2038 compat layout); read as unsigned so 2038–2106 still decode forward.
        var time = DateTimeOffset.FromUnixTimeSeconds((uint)seconds).AddTicks(Math.Clamp(micros, 0, 999_999) * 10L);
        record = new UtmpRecord((UtmpType)type, BinaryPrimitives.ReadInt32LittleEndian(r[4..]), Text(r.Slice(8, 32)), Text(r.Slice(40, 4)),
            Text(r.Slice(44, 32)), Text(r.Slice(76, 256)), time, Address(r.Slice(348, 16)),
                BinaryPrimitives.ReadInt32LittleEndian(r[336..]));
        return true;
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>ut_addr_v6: IPv4 in the first word with the other three zero, else IPv6; all zero = none.</summary>
    private static NetAddress? Address(ReadOnlySpan<byte> a)
    {
        if (a.IndexOfAnyExcept((byte)0) < 0) return null;
        if (a[4..].IndexOfAnyExcept((byte)0) < 0) return NetAddress.FromV4(BinaryPrimitives.ReadUInt32BigEndian(a));
        return NetAddress.FromV6(a).Folded;
    }
}
