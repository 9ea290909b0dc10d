using VpsTop.Core.AuthSources;
using VpsTop.Core.Platform;
using VpsTop.Core.Tests.Support;
using static VpsTop.Core.Tests.AuthSources.RealJournalFile;

namespace VpsTop.Core.Tests.AuthSources;

public sealed class AuthSourceProbeTests
{
    private static TempLogDir RootWith(params string[] files)
    {
        var dir = new TempLogDir();
        Directory.CreateDirectory(dir.File("var/log"));
        foreach (string f in files)
        {
            File.WriteAllText(dir.File(f.TrimStart('/')), "Nov 28 21:06:40 vps sshd[100]: Server listening on 0.0.0.0 port 22.\n");
            File.SetUnixFileMode(dir.File(f.TrimStart('/')), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }
        // Traversable by nobody, as /var/log is; the log files themselves stay root:root 0640.
        foreach (string d in new[] { dir.Path, dir.File("var"), dir.File("var/log") })
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        return dir;
    }

    [Fact]
    public void Without_a_journal_auth_log_is_chosen_and_the_journal_gets_its_reason()
    {
        using TempLogDir dir = RootWith("/var/log/auth.log", "/var/log/secure");
        AuthSourceChoice choice = AuthSourceProbe.Detect(new SystemRoot(dir.Path));

        AuthSource only = Assert.Single(choice.Chosen);
        Assert.Equal(("/var/log/auth.log", dir.File("var/log/auth.log")), (only.Name, only.FilePath));
        AuthSourceFailure journal = Assert.Single(choice.Failures);
        Assert.Equal("journal: no systemd journal files (/run/log/journal, /var/log/journal)", journal.ToString());
    }

    [Fact]
    [Trait("Category", "Root")]
    public void As_an_unprivileged_user_every_source_says_why_it_failed()
    {
        using TempLogDir dir = RootWith("/var/log/auth.log");
        AuthSourceChoice choice = ThreadCredentials.RunAsNobody(() => AuthSourceProbe.Detect(new SystemRoot(dir.Path)));

        Assert.False(choice.HasSource);
        Assert.Equal(
            ["journal: no systemd journal files (/run/log/journal, /var/log/journal)",
             "/var/log/auth.log: permission denied (run as root or in group adm)",
             "/var/log/secure: absent"],
            choice.Failures.Select(f => f.ToString()));
    }

    [Fact]
    public void An_empty_secure_after_rotation_is_reported_but_still_followed()
    {
        using TempLogDir dir = RootWith();
        File.WriteAllText(dir.File("var/log/secure"), "");
        AuthSourceChoice choice = AuthSourceProbe.Detect(new SystemRoot(dir.Path));
        Assert.Equal("/var/log/secure", Assert.Single(choice.Chosen).Name);
        Assert.Contains(choice.Failures, f => f.ToString() == "/var/log/secure: empty");
    }

    [Fact]
    public void A_journal_with_sshd_entries_is_chosen_first_and_the_file_beside_it()
    {
        using TempLogDir dir = RootWith("/var/log/auth.log");
        Directory.CreateDirectory(dir.File("var/log/journal/0123456789abcdef0123456789abcdef"));
        string journal = Write(dir, "system",
        [
            F("_PID", "100"), F("_UID", "0"), F("_COMM", "sshd"), F("_EXE", "/usr/sbin/sshd"), F("_SYSTEMD_UNIT", "ssh.service"),
            F("MESSAGE", "Server listening on 0.0.0.0 port 22."),
        ]);
        File.Move(journal, dir.File("var/log/journal/0123456789abcdef0123456789abcdef/system.journal"));

        AuthSourceChoice choice = AuthSourceProbe.Detect(new SystemRoot(dir.Path));

        Assert.Equal(["journal", "/var/log/auth.log"], choice.Chosen.Select(c => c.Name));
        Assert.Equal(dir.File("var/log/journal"), choice.Chosen[0].Journal!.Directory);
        Assert.Empty(choice.Failures);
    }

    [Fact]
    public void An_explicit_source_is_taken_as_given_and_a_missing_one_says_so()
    {
        using var dir = new TempLogDir();
        string copy = dir.File("auth.log.from-other-vps");
        File.WriteAllText(copy, "");
        Assert.Equal(copy, Assert.Single(AuthSourceProbe.Detect(SystemRoot.Live, copy).Chosen).FilePath);

        AuthSourceChoice missing = AuthSourceProbe.Detect(SystemRoot.Live, dir.File("nope"));
        Assert.False(missing.HasSource);
        Assert.Equal($"{dir.File("nope")}: absent", Assert.Single(missing.Failures).ToString());
    }
}
