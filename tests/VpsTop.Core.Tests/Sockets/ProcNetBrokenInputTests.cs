using System.Text;
using VpsTop.Core.Platform;
using VpsTop.Core.Sockets;

namespace VpsTop.Core.Tests.Sockets;

/// <summary>Hand-written trees under Fixtures/proc-broken and Fixtures/proc-empty, plus generated ones.</summary>
public class ProcNetBrokenInputTests
{
    private static (List<SocketEntry> Entries, IReadOnlyList<string> Problems) Load(SystemRoot root)
    {
        var entries = new List<SocketEntry>();
        var problems = new ProcNetSocketSource(root).Read(entries);
        return (entries, problems);
    }

    [Fact]
    public void Broken_tree_keeps_good_lines_and_names_every_problem()
    {
        var (entries, problems) = Load(FixturePaths.Root("proc-broken"));

        Assert.Equal(2, entries.Count);
        Assert.Contains(new SocketEntry(Proto.Tcp, 4, NetAddress.FromV4(0x7F000001), 22, NetAddress.FromV4(0), 0,
            SocketState.Listen, 0, 1001, 0, 0), entries);
        // 0A000001:C350 C0A80101:01BB printed little-endian: 1.0.0.10:50000 -> 1.1.168.192:443
        Assert.Contains(new SocketEntry(Proto.Tcp, 4, NetAddress.FromV4(0x0100000A), 50000, NetAddress.FromV4(0x0101A8C0), 443,
            SocketState.Established, 1000, 1002, 16, 32), entries);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.EndsWith("/proc/net/tcp: 6 malformed lines skipped", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("/proc/net/tcp6: not found", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("/proc/net/udp6: is a directory", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_only_is_an_empty_table_not_a_problem()
    {
        var (entries, problems) = Load(FixturePaths.Root("proc-broken"));
        Assert.DoesNotContain(entries, e => e.Proto == Proto.Udp);
        Assert.DoesNotContain(problems, p => p.Contains("/proc/net/udp:", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_file_and_missing_trailing_newline()
    {
        var (entries, problems) = Load(FixturePaths.Root("proc-empty"));

        // udp's last row has no newline but is complete, so it counts.
        var udp = Assert.Single(entries);
        Assert.Equal(new SocketEntry(Proto.Udp, 4, NetAddress.FromV4(0), 68, NetAddress.FromV4(0), 0,
            SocketState.Close, 0, 2001, 0, 0), udp);
        Assert.True(udp.IsListening);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.EndsWith("/proc/net/tcp: empty (not even a header)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("/proc/net/udp6: not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_root_reports_all_four_tables()
    {
        var (entries, problems) = Load(new SystemRoot("/nonexistent/vpstop-root"));
        Assert.Empty(entries);
        Assert.Equal(
            ["/nonexistent/vpstop-root/proc/net/tcp: not found", "/nonexistent/vpstop-root/proc/net/tcp6: not found",
             "/nonexistent/vpstop-root/proc/net/udp: not found", "/nonexistent/vpstop-root/proc/net/udp6: not found"],
            problems);
    }

    [Fact]
    public void Unreadable_file_reports_permission_denied()
    {
        // root ignores file modes, so this can only be shown as an unprivileged user.
        if (Environment.IsPrivilegedProcess || !OperatingSystem.IsLinux())
            return;
        using var tree = new TempTree();
        string tcp = tree.Write("tcp", "  sl  local_address\n");
        File.SetUnixFileMode(tcp, UnixFileMode.None);
        var (_, problems) = Load(tree.Root);
        Assert.Contains(problems, p => p.EndsWith("/proc/net/tcp: permission denied", StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_across_buffer_boundaries_and_an_overlong_line()
    {
        using var tree = new TempTree();
        var text = new StringBuilder("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        for (int i = 0; i < 3000; i++)
        {
            if (i == 1500)
                text.Append(new string('x', 200_000)).Append('\n');
            text.Append($"{i,4}: 0100007F:{i + 1:X4} 0100007F:0050 01 00000000:00000000 00:00000000 00000000     0        0 {i + 100000} "
                + $"1 0000000000000000 20 4 30 10 -1\n");
        }
        tree.Write("tcp", text.ToString());
        tree.Write("tcp6", "");
        tree.Write("udp", "  sl\n");
        tree.Write("udp6", "  sl\n");

        var (entries, problems) = Load(tree.Root);

        Assert.Equal(3000, entries.Count);
        for (int i = 0; i < 3000; i++)
        {
            Assert.Equal((ushort)(i + 1), entries[i].LocalPort);
            Assert.Equal((ulong)(i + 100000), entries[i].Inode);
        }
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.EndsWith("/proc/net/tcp: 1 malformed line skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_socket_the_kernel_printed_twice_is_one_row()
    {
        // /proc/net/tcp is printed a read() at a time over a hash table that changes meanwhile: CI once saw a
        // TIME_WAIT row twice. The same row twice is one socket; two sockets that differ in anything stay two.
        using var tree = new TempTree();
        const string header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        const string timeWait =
            "   1: 0100007F:E428 0100007F:B00F 06 00000000:00000000 03:00000DBE 00000000     0        0 0 3 0000000000000000\n";
        const string established =
            "   2: 0100007F:E429 0100007F:B00F 01 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 20 4 30 "
                + "10 -1\n";
        tree.Write("tcp", header + timeWait + established + timeWait);
        tree.Write("tcp6", header + established.Replace("0100007F", "00000000000000000000000001000000"));
        tree.Write("udp", header);
        tree.Write("udp6", header);

        var (entries, problems) = Load(tree.Root);

        Assert.Empty(problems);
        Assert.Single(entries, e => e.State == SocketState.TimeWait);
        Assert.Equal(2, entries.Count(e => e.Inode == 4242)); // the same ports over IPv4 and IPv6: two sockets
        Assert.Equal(3, entries.Count);
    }

    [Fact]
    public void Reusing_the_source_and_list_gives_the_same_result()
    {
        var source = new ProcNetSocketSource(FixturePaths.Root("proc-mixed"));
        var list = new List<SocketEntry>();
        source.Read(list);
        var first = list.ToArray();
        source.Read(list);
        Assert.Equal(first, list);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":")]
    [InlineData("0:")]
    [InlineData("   0: 0100007F:0016")]
    [InlineData("   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 99999999999 0 1 1")]
    [InlineData("   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 99999999999999999999999 1")]
    [InlineData("   0: 0100007F:10016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1")]
    [InlineData("   0: 0100007F:0016 00000000:0000 0A0 00000000:00000000 00:00000000 00000000 0 0 1 1")]
    [InlineData("   0: 0100007F:0016 00000000:0000 0A 0000000000000000 00:00000000 00000000 0 0 1 1")]
    [InlineData("\0\0\0\0\u00ff\u00fe")]
    public void Garbage_lines_never_produce_entries(string line)
    {
        var into = new List<SocketEntry>();
        var kind = ProcNetSocketSource.ParseLine(Encoding.Latin1.GetBytes(line), Proto.Tcp, 4, into);
        Assert.Empty(into);
        Assert.NotEqual(ProcNetSocketSource.LineKind.Entry, kind);
    }

    private sealed class TempTree : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("vpstop-procnet-").FullName;

        public TempTree() => Directory.CreateDirectory(Path.Combine(_dir, "proc", "net"));

        public SystemRoot Root => new(_dir);

        public string Write(string name, string content)
        {
            string path = Path.Combine(_dir, "proc", "net", name);
            File.WriteAllText(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}
