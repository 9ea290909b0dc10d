using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Plan;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.Hardening.Plan;

/// <summary>An <see cref="SshdSandbox"/> with users (root, alice in sudo, bob), homes and keys made by the real ssh-keygen.</summary>
internal sealed class PlanSandbox : IDisposable
{
    public SshdSandbox Box { get; } = new();

    public PlanSandbox(string config = "UsePAM yes\n")
    {
        Box.Write("/etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n");
        Box.Write("/etc/group", "root:x:0:\nsudo:x:27:alice\nalice:x:1000:\nbob:x:1001:\nops:x:2000:bob\n");
        foreach (string home in new[] { "/root", "/home/alice", "/home/bob" })
        {
            Directory.CreateDirectory(Box.Root.Path(home + "/.ssh"));
            File.SetUnixFileMode(Box.Root.Path(home), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Box.Write("/etc/ssh/sshd_config", Box.HostKeyLine + "\n" + config);
    }

    /// <summary>Makes a key with ssh-keygen and returns its public line.</summary>
    public string NewKey(string type, int? bits = null)
    {
        string file = Path.Combine(Box.Dir, "keys", $"user_{Guid.NewGuid():N}");
        var args = new List<string> { "-q", "-t", type, "-N", "", "-C", "test", "-f", file };
        if (bits is not null) { args.Add("-b"); args.Add(bits.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        Run.Checked("/usr/bin/ssh-keygen", [.. args]);
        return File.ReadAllText(file + ".pub").Trim();
    }

    public string PubFileOf(string line)
    {
        string file = Path.Combine(Box.Dir, "keys", $"pub_{Guid.NewGuid():N}.pub");
        File.WriteAllText(file, line + "\n");
        return file;
    }

    public void AuthorizeKey(string home, string line) => Box.Write(home + "/.ssh/authorized_keys", line + "\n");

    public static AdminSession Admin(string user, string? addr = "203.0.113.7", int port = 22) =>
        new(user, null, addr, 50000, port, new Dictionary<string, string>());

    public HardeningPlan Plan(AdminSession admin, IReadOnlyList<string> sets, IReadOnlyList<BaselineItem>? chosen = null,
        bool verify = false) =>
        HardeningPlanner.Plan(Box.Load(), chosen ?? [], sets, admin, verify ? Box.Sshd : null, Box.Root);

    public void Dispose() => Box.Dispose();
}
