using System.Globalization;
using VpsTop.Core.Logins;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Logins;

/// <summary>
/// wtmp and btmp files made by util-linux's own `utmpdump -r` from hand-written records, read by VpsTop and by the
/// real `last` / `lastb`: both must tell the same story (who, where from, when, how it ended).
/// </summary>
public sealed class LoginRecordsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vpstop-logins-").FullName;
    private readonly Children _children = new();

    public LoginRecordsTests() => Directory.CreateDirectory(Path.Combine(_root, "var/log"));

    public void Dispose()
    {
        _children.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>utmpdump -r turns the text records into binary ones, written to the file.</summary>
    private string MakeUtmp(string name, string text)
    {
        string path = Path.Combine(_root, "var/log", name);
        Run.CheckedWithInput(text, "/usr/bin/utmpdump", "-r", "-o", path);
        return path;
    }

    private static string Line(int type, int pid, string id, string user, string line, string host, string address, string time) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{type}] [{pid:D5}] [{id,-4}] [{user,-8}] [{line,-12}] [{host,-20}] [{address,-15}] [{time}]\n");

    private static string Stamp(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss,000000+00:00", CultureInfo.InvariantCulture);

    [Fact]
    public void Sessions_match_last_logouts_crashes_phantoms_and_a_live_session()
    {
        // A real process whose loginuid is root's, as a real login session's would be: "still logged in".
        var live = _children.StartNoWait("/bin/sh", "-c", "echo 0 > /proc/self/loginuid && exec sleep 60");
        Poll.Until(() => File.ReadAllText($"/proc/{live.Id}/loginuid").Trim(), id => id == "0", $"PID {live.Id} to set its loginuid to 0");
        string wtmp = MakeUtmp("wtmp",
            Line(2, 0, "~~", "reboot", "~", "6.1.0-18-amd64", "0.0.0.0", "2024-05-01T07:00:00,000000+00:00") +
            Line(7, 1234, "ts/0", "alice", "pts/0", "203.0.113.5", "203.0.113.5", "2024-05-01T08:15:23,123456+00:00") +
            Line(7, 1240, "ts/1", "dave", "pts/1", "2001:db8::7", "2001:db8::7", "2024-05-01T08:20:00,000000+00:00") +
            Line(8, 1234, "ts/0", "", "pts/0", "", "0.0.0.0", "2024-05-01T09:15:23,000000+00:00") +
            Line(2, 0, "~~", "reboot", "~", "6.1.0-18-amd64", "0.0.0.0", "2024-05-02T07:00:00,000000+00:00") +
            Line(7, live.Id, "ts/2", "root", "pts/2", "198.51.100.9", "198.51.100.9", Stamp(DateTimeOffset.UtcNow.AddMinutes(-2))) +
            Line(7, 4_000_000, "ts/3", "carol", "pts/3", "192.0.2.1", "192.0.2.1", Stamp(DateTimeOffset.UtcNow.AddMinutes(-1))));
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.Copy("/etc/passwd", Path.Combine(_root, "etc/passwd"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "proc"), "/proc");

        var ours = LoginSources.Logins(new SystemRoot(_root));
        Assert.Empty(ours.Problems);
        Assert.Equal(["/var/log/wtmp"], ours.Sources);

        // last prints: user line host start (- end (dur) | - crash (dur) | gone - no logout | still logged in | still running)
        string last = Run.Checked("/usr/bin/last", "-f", wtmp, "--time-format", "iso", "-w", "-i");
        var expected = last.Split('\n').Where(l => l.Length > 0 && !l.Contains("begins", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Count, ours.Sessions.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var words = expected[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var s = ours.Sessions[i];
            Assert.Equal(words[0], s.User);
            if (s.Ending == SessionEnd.Boot) continue;
            Assert.Equal(words[1], s.Line);
            Assert.Equal(words[2], s.Address?.ToDisplayString());
            Assert.Equal(DateTimeOffset.Parse(words[3], CultureInfo.InvariantCulture),
                new DateTimeOffset(s.Start.Ticks - s.Start.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
            string rest = string.Join(' ', words.Skip(4));
            switch (s.Ending)
            {
                case SessionEnd.Logout:
                    Assert.StartsWith("- " + s.End!.Value.ToString("yyyy-MM-ddTHH:mm:ss+00:00",
                    CultureInfo.InvariantCulture), rest); break;
                case SessionEnd.Crash: Assert.StartsWith("- crash", rest); break;
                case SessionEnd.GoneNoLogout: Assert.Equal("gone - no logout", rest); break;
                case SessionEnd.StillLoggedIn: Assert.Equal("still logged in", rest); break;
                default: Assert.Fail($"unexpected ending {s.Ending} for '{expected[i]}'"); break;
            }
        }
        Assert.Contains(ours.Sessions, s => s.User == "root" && s.Ending == SessionEnd.StillLoggedIn);
        Assert.Contains(ours.Sessions, s => s.User == "dave" && s.Ending == SessionEnd.Crash && s.End == new DateTimeOffset(2024, 5, 2, 7,
            0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Failed_attempts_match_lastb_and_keep_hostile_names_raw()
    {
        const string hostile = "\u001b[31mx\u202e";
        string btmp = MakeUtmp("btmp",
            Line(6, 2001, "", "admin", "ssh:notty", "203.0.113.66", "203.0.113.66", "2024-05-03T10:00:00,000000+00:00") +
            Line(6, 2002, "", hostile, "ssh:notty", "203.0.113.66", "203.0.113.66", "2024-05-03T10:00:01,000000+00:00") +
            Line(6, 2003, "", "root", "ssh:notty", "2001:db8::66", "2001:db8::66", "2024-05-03T10:00:02,000000+00:00"));

        var ours = LoginSources.Failures(new SystemRoot(_root));
        string lastb = Run.Checked("/usr/bin/lastb", "-f", btmp, "--time-format", "iso", "-w", "-i");
        var expected = lastb.Split('\n').Where(l => l.Contains("ssh:notty", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]),
            ours.Sessions.Select(s => s.Address!.Value.ToDisplayString()));
        Assert.Equal(["root", hostile, "admin"], ours.Sessions.Select(s => s.User));
        Assert.All(ours.Sessions, s => Assert.Equal(SessionEnd.Failed, s.Ending));
    }

    [Fact]
    public void A_partial_last_record_and_junk_are_reported_and_the_rest_is_read()
    {
        string wtmp = MakeUtmp("wtmp",
            Line(7, 1234, "ts/0", "alice", "pts/0", "203.0.113.5", "203.0.113.5", "2024-05-01T08:15:23,000000+00:00") +
            Line(8, 1234, "ts/0", "", "pts/0", "", "0.0.0.0", "2024-05-01T09:15:23,000000+00:00"));
        using (var f = new FileStream(wtmp, FileMode.Append))
        {
            var junk = new byte[UtmpFile.RecordSize];
            junk[0] = 0x7f; // type 127: not a utmp record
            f.Write(junk);
            f.Write(new byte[100]); // a record being written
        }
        var contents = UtmpFile.Read(wtmp);
        Assert.Equal(2, contents.Records.Count);
        Assert.Contains(contents.Problems, p => p.Contains("partial record", StringComparison.Ordinal));
        Assert.Contains(contents.Problems, p => p.Contains("unknown type", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_and_unreadable_files_say_so()
    {
        var result = LoginSources.Logins(new SystemRoot(_root));
        Assert.Empty(result.Sessions);
        Assert.Contains(result.Problems, p => p == "/var/log/wtmp: absent");
    }

    [Fact]
    public void A_wtmpdb_database_is_preferred_and_read_with_its_own_type_numbers()
    {
        // The schema of thkukuk/wtmpdb lib/sqlite.c, filled by hand through python3's sqlite3.
        string dir = Path.Combine(_root, "var/lib/wtmpdb");
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, "wtmp.db");
        string script = "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\n" +
            "c.execute('CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY "
                + "TEXT, RemoteHost TEXT, Service TEXT) STRICT')\n" +
            "c.execute(\"INSERT INTO wtmp(Type,User,Login,Logout,TTY,RemoteHost,Service) VALUES "
                + "(1,'reboot',1714546800000000,NULL,'~','6.12.0','')\")\n" +
            "c.execute(\"INSERT INTO wtmp(Type,User,Login,Logout,TTY,RemoteHost,Service) VALUES "
                + "(3,'alice',1714551323000000,1714554923000000,'pts/0','203.0.113.5','sshd')\")\n" +
            "c.execute(\"INSERT INTO wtmp(Type,User,Login,Logout,TTY,RemoteHost,Service) VALUES "
                + "(3,'bob',1714560000000000,NULL,'pts/1','2001:db8::9','sshd')\")\n" +
            "c.commit()\n";
        Run.Checked("/usr/bin/python3", "-c", script, db);

        var result = LoginSources.Logins(new SystemRoot(_root));
        Assert.Equal(["/var/lib/wtmpdb/wtmp.db"], result.Sources);
        Assert.Equal(["bob", "alice", "reboot"], result.Sessions.Select(s => s.User));
        Assert.Equal(SessionEnd.StillLoggedIn, result.Sessions[0].Ending);
        Assert.Equal("2001:db8::9", result.Sessions[0].Address!.Value.ToDisplayString());
        Assert.Equal(TimeSpan.FromHours(1), result.Sessions[1].Duration);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 15, 23, TimeSpan.Zero), result.Sessions[1].Start);
    }
}
