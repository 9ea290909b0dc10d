using System.Diagnostics;
using VpsTop.Core.AuthSources;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.AuthSources;

public sealed class LogHistoryReaderTests
{
    [Fact]
    public void History_made_by_real_logrotate_is_read_oldest_first_through_gzip_and_compressed_files_of_other_kinds_are_listed_as_skipped()
    {
        using var dir = new TempLogDir();
        string log = dir.File("auth.log");
        File.WriteAllText(dir.File("rotate.conf"), $$"""
{{log}} {
    rotate 4
    create 0640 root root
    compress
    delaycompress
}
""");
        // Four weeks of lines, rotated after each week the way Debian's rsyslog logrotate config does.
        for (int week = 0; week < 4; week++)
        {
            File.WriteAllText(log,
                $"Nov {week * 7 + 1,2} 10:00:00 vps sshd[{100 + week}]: week {week} first\nNov {week * 7 + 2,2} 10:00:00 vps "
                    + $"sshd[{100 + week}]: week {week} last\n");
            if (week < 3) Run.Checked("/usr/sbin/logrotate", "--force", "--state", dir.File("state"), dir.File("rotate.conf"));
        }
        Assert.True(File.Exists(dir.File("auth.log.1")) && File.Exists(dir.File("auth.log.3.gz")));
        // Same mtime on every file, so only their contents can order them.
        foreach (string f in Directory.GetFiles(dir.Path, "auth.log*")) File.SetLastWriteTime(f, new DateTime(2026, 11, 28, 12, 0, 0));
        // An older week compressed with xz by the real tool: VpsTop cannot read it and must say so.
        File.WriteAllText(dir.File("auth.log.4"), "Oct 20 10:00:00 vps sshd[99]: week -1\n");
        Run.Checked("/usr/bin/xz", dir.File("auth.log.4"));

        IReadOnlyList<HistoryFile> files = LogHistoryReader.Discover(log);
        string[] lines = LogHistoryReader.Read(files).Select(l => l.Text[(l.Text.IndexOf("]: ",
            StringComparison.Ordinal) + 3)..]).ToArray();

        Assert.Equal(["auth.log.3.gz", "auth.log.2.gz", "auth.log.1", "auth.log"],
            files.Where(f => f.Skipped is null).Select(f => Path.GetFileName(f.Path)));
        HistoryFile xz = Assert.Single(files, f => f.Skipped is not null);
        Assert.Equal("compressed with xz, skipped", xz.Skipped);
        Assert.Equal(["week 0 first", "week 0 last", "week 1 first", "week 1 last", "week 2 first", "week 2 last", "week 3 first",
            "week 3 last"], lines);
        Assert.Equal(new DateTimeOffset(new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Local)),
            files.First(f => f.Skipped is null).FirstLine);
    }

    [Theory]
    [InlineData("/usr/bin/gzip", ".gz", "gzip")]
    [InlineData("/usr/bin/xz", ".xz", "xz")]
    [InlineData("/usr/bin/zstd", ".zst", "zstd")]
    [InlineData("/usr/bin/bzip2", ".bz2", "bzip2")]
    public void Compression_is_recognised_by_the_magic_bytes_real_tools_write(string tool, string extension, string expected)
    {
        using var dir = new TempLogDir();
        string plain = dir.File("secure-20261101");
        File.WriteAllText(plain, "Nov  1 10:00:00 vps sshd[7]: Accepted publickey for admin\n");
        Run.Checked(tool, "-q", plain);
        byte[] head = File.ReadAllBytes(plain + extension)[..6];
        Assert.Equal(expected, LogHistoryReader.CompressionOf(head));
        Assert.Equal("none", LogHistoryReader.CompressionOf("Nov  1"u8));
    }

    [Theory]
    [InlineData("secure-20261101", true)]
    [InlineData("secure-20261101.gz", true)]
    [InlineData("secure.1", true)]
    [InlineData("secure", true)]
    [InlineData("secure.bak", false)]
    [InlineData("secure-old", false)]
    [InlineData("securex.1", false)]
    public void Only_rotation_names_belong_to_a_log(string candidate, bool expected) =>
        Assert.Equal(expected, LogHistoryReader.IsRotationOf(candidate, "secure"));
}
