namespace VpsTop.Core.Suspicion;

/// <summary>
/// The suspicion heuristics (H1–H6, H10, H11 of the research notes) as pure functions of
/// <see cref="ProcessEvidence"/>. Nothing here looks at traffic volume: a busy sshd or nginx is not suspicious.
/// <see cref="ForProgram"/> depends only on what cannot change for the life of a process (its exe, names, cwd
/// at first sight), so the analyzer caches it; the socket rules run against every refresh's socket tables.
/// </summary>
public static class SuspicionRules
{
    // Where payloads are dropped: world-writable or memory-backed, and never where a package installs a program.
    private static readonly string[] TemporaryDirs = ["/tmp", "/var/tmp", "/dev/shm", "/run/shm", "/dev", "/var/run/shm"];

    // Names of kernel threads (defense-kit 1-unusual-process-name, Elastic "masquerading as kernel process").
    private static readonly string[] KernelThreadPrefixes =
    [
        "kworker", "kthreadd", "ksoftirqd", "kswapd", "kcompactd", "khugepaged", "kdevtmpfs", "kauditd", "khungtaskd",
        "migration/", "rcu_", "watchdog/", "watchdogd", "irq/", "cpuhp/", "jbd2/", "idle_inject/", "kblockd", "oom_reaper",
        "kintegrityd", "ksmd", "scsi_eh_", "ext4-rsv-conver", "xfsaild/",
    ];

    // Capture-socket holders that legitimately sniff or send raw frames: DHCP clients, network managers,
    // capture tools, VRRP/routing daemons. Allowed only when the file is package-owned and not deleted,
    // so a dropped binary named "tcpdump" is still flagged.
    private static readonly HashSet<string> KnownCaptureHolders = new(StringComparer.Ordinal)
    {
        "dhclient", "dhcpcd", "dhcpd", "udhcpc", "NetworkManager", "systemd-networkd", "wpa_supplicant", "hostapd",
        "tcpdump", "tshark", "dumpcap", "wireshark", "dockerd", "lldpd", "arping", "keepalived", "bird", "bird6",
        "ospfd", "zebra", "pimd", "ping", "ping6", "traceroute", "mtr-packet", "nmap", "iftop", "nethogs", "bandwhich",
        "arpwatch", "suricata", "snort", "zeek", "fail2ban-server", "ulogd", "pmacctd", "vnstatd", "darkstat",
    };

    /// <summary>The reasons that depend only on the process itself (H1–H6).</summary>
    public static List<SuspicionReason> ForProgram(ProcessEvidence e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var reasons = new List<SuspicionReason>();
        if (e.IsKernelThread) return reasons; // PF_KTHREAD is set by the kernel only: a real kernel thread

        string exe = e.Exe ?? "";
        if (e.ExeIsMemfd)
        {
            // H2: fileless execution. runc re-executes itself from a memfd ("memfd:runc_cloned:/proc/self/exe").
            if (!exe.StartsWith("/memfd:runc_cloned", StringComparison.Ordinal))
                reasons.Add(new("exe-memfd", SuspicionSeverity.High,
                    "runs from memory (memfd): no program file exists on disk", e.ExeLink ?? exe));
        }
        else if (e.ExeDeleted)
        {
            // H1. After apt upgrades a daemon, its old file is deleted and a new one sits at the same path until
            // the daemon restarts: that is routine, so only low; a vanished or non-package file is an alarm.
            if (e.ExeReplacedOnDisk && e.ExeOwnership == PackageOwnership.Owned)
                reasons.Add(new("exe-replaced", SuspicionSeverity.Low,
                    "program file was replaced since it started (package upgraded, restart pending)", e.ExeLink ?? exe));
            else
                reasons.Add(new("exe-deleted", SuspicionSeverity.High,
                    "program file was deleted after it started", e.ExeLink ?? exe));
        }

        // H3. A program file in a temporary directory is High: nothing legitimate installs a long-running
        // program there, it is where droppers write. A hidden directory is Medium: ~/.vscode-server, ~/.dotnet
        // and pyenv put real tools there. A working directory alone is weaker still (people cd /tmp to build).
        if (!e.ExeIsMemfd && exe.Length > 0)
        {
            if (UnderAny(exe, TemporaryDirs, out string? tmp))
                reasons.Add(new("exe-in-temp-dir", SuspicionSeverity.High, $"program file is in {tmp}, a temporary directory", exe));
            else if (HasHiddenComponent(exe))
                reasons.Add(new("exe-hidden-path", SuspicionSeverity.Medium, "program file is in a hidden directory or is a hidden file",
                    exe));
        }
        if (e.Cwd is not null)
        {
            if (UnderAny(e.Cwd, TemporaryDirs, out string? tmp))
                reasons.Add(new("cwd-in-temp-dir", SuspicionSeverity.Medium, $"working directory is in {tmp}, a temporary directory",
                    e.Cwd));
            else if (HasHiddenComponent(e.Cwd))
                reasons.Add(new("cwd-hidden-path", SuspicionSeverity.Low, "working directory is a hidden directory", e.Cwd));
        }

        // H4. Real kernel threads carry PF_KTHREAD (checked above); anything else with such a name is hiding.
        string? lookalike = LooksLikeKernelThread(e.Comm) ? e.Comm : e.Argv0 is not null && LooksLikeKernelThread(e.Argv0) ? e.Argv0 : null;
        if (lookalike is not null)
            reasons.Add(new("kernel-thread-masquerade", SuspicionSeverity.High,
                "named like a kernel thread but is an ordinary program",
                    $"name={lookalike}, exe={e.ExeLink ?? "(unreadable)"}, ppid={e.ParentPid}"));

        // H5.
        if (NameMismatch(e) is { } mismatch)
            reasons.Add(new("name-mismatch", SuspicionSeverity.Low, "its name does not match its program file", mismatch));

        // H6. Never claimed when no database could be read (Unknown).
        if (!e.ExeIsMemfd && exe.Length > 0 && !(e.ExeDeleted && e.ExeOwnership == PackageOwnership.Owned))
        {
            if (e.ExeOwnership == PackageOwnership.NotOwned)
                reasons.Add(new("not-package-owned", SuspicionSeverity.Medium, "program file does not belong to any installed package",
                    exe));
            else if (e.ExeOwnership == PackageOwnership.OutsidePackageManager)
                reasons.Add(new("installed-by-hand", SuspicionSeverity.Low,
                    "program was installed by hand (/usr/local or /opt), not by the package manager", exe));
        }
        return reasons;
    }

    /// <summary>H10: the process holds packet or raw sockets and is not a known, package-owned capture tool.</summary>
    public static SuspicionReason? ForCaptureSockets(ProcessEvidence e, IReadOnlyList<CaptureSocket> held)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(held);
        if (held.Count == 0) return null;
        if (e.Exe is not null && !e.ExeDeleted && e.ExeOwnership == PackageOwnership.Owned
            && KnownCaptureHolders.Contains(ProgramNames.BaseName(e.Exe)))
            return null;
        string what = held[0].Description + (held.Count > 1 ? $" and {held.Count - 1} more" : "");
        return new("capture-socket", SuspicionSeverity.High,
            "holds a packet or raw socket: it can read or forge traffic on the network interface",
            $"{what}, exe={e.ExeLink ?? "(unreadable)"}");
    }

    /// <summary>
    /// H11: stdin, stdout or stderr is a TCP/UDP socket, the shape of a reverse shell (and BPFDoor). High for
    /// shells and interpreters, the classic reverse shell; Medium for other programs, because inetd-style
    /// services and socat do this on purpose. Unix sockets (journald's stdout) do not count.
    /// </summary>
    public static SuspicionReason? ForStdioSockets(ProcessEvidence e, Func<ulong, bool> isNetworkSocket)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(isNetworkSocket);
        for (int fd = 0; fd < e.StdioSocketInodes.Count; fd++)
        {
            ulong inode = e.StdioSocketInodes[fd];
            if (inode == 0 || !isNetworkSocket(inode)) continue;
            bool shell = e.Exe is not null && ProgramNames.IsInterpreter(ProgramNames.BaseName(e.Exe));
            string name = fd switch { 0 => "standard input", 1 => "standard output", _ => "standard error" };
            return new("stdio-network-socket", shell ? SuspicionSeverity.High : SuspicionSeverity.Medium,
                $"its {name} is a network connection (reverse-shell pattern)",
                    $"fd {fd} = socket:[{inode}], exe={e.ExeLink ?? "(unreadable)"}");
        }
        return null;
    }

    internal static bool LooksLikeKernelThread(string name)
    {
        if (name.Length > 2 && name[0] == '[' && name[^1] == ']') return true; // how ps shows kernel threads
        foreach (string prefix in KernelThreadPrefixes)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    private static string? NameMismatch(ProcessEvidence e)
    {
        if (e.Exe is null || e.ExeIsMemfd) return null;
        string exeName = ProgramNames.BaseName(e.Exe);
        if (ProgramNames.IsInterpreter(exeName)) return null; // a script's comm is the script's name
        // systemd names its helper processes "(sd-pam)", "(sd-executor)" and the like.
        if (exeName == "systemd" && e.Comm.StartsWith("(sd-", StringComparison.Ordinal)) return null;

        var names = new List<string>(2) { exeName };
        string? argv0Name = e.Argv0 is null ? null : ProgramNames.Argv0Name(e.Argv0);
        bool argv0LeadsToExe = e.Argv0Target is not null && ProgramNames.BaseName(e.Argv0Target) == exeName;
        if (argv0Name is not null && argv0LeadsToExe) names.Add(argv0Name);

        bool commOk = names.Any(n => e.Comm == ProgramNames.TruncateToComm(n)
            || ProgramNames.Normalize(e.Comm) == ProgramNames.Normalize(n));
        bool argv0Ok = argv0Name is null || argv0LeadsToExe || ProgramNames.Normalize(argv0Name) == ProgramNames.Normalize(exeName);
        return commOk && argv0Ok ? null : $"comm={e.Comm}, argv0={e.Argv0 ?? "(empty)"}, exe={e.Exe}";
    }

    private static bool UnderAny(string path, string[] dirs, out string? dir)
    {
        foreach (string d in dirs)
            if (PackageDatabase.IsUnder(path, d)) { dir = d; return true; }
        dir = null;
        return false;
    }

    private static bool HasHiddenComponent(string path)
    {
        foreach (string part in path.Split('/'))
            if (part.Length > 1 && part[0] == '.' && part != "..") return true;
        return false;
    }
}
