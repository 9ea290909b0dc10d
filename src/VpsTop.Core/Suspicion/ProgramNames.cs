namespace VpsTop.Core.Suspicion;

/// <summary>
/// Name normalisation for comparing comm, argv[0] and the exe's file name: the same program legitimately
/// shows up as "python3" and "python3.11", "-bash" and "bash", "sshd: root@pts/0" and "sshd", or a 15-byte
/// truncated comm.
/// </summary>
internal static class ProgramNames
{
    /// <summary>The kernel keeps TASK_COMM_LEN − 1 bytes of the name.</summary>
    public const int CommBytes = 15;

    /// <summary>Programs that run scripts: their comm is the script's name, so a mismatch means nothing.</summary>
    private static readonly HashSet<string> Interpreters = new(StringComparer.Ordinal)
    {
        "python", "pypy", "perl", "ruby", "php", "php-fpm", "node", "nodejs", "java", "lua", "luajit", "tclsh", "wish",
        "bash", "sh", "dash", "zsh", "ksh", "mksh", "fish", "busybox", "dotnet", "mono", "qemu-x86_64", "env",
    };

    public static bool IsInterpreter(string exeBaseName) => Interpreters.Contains(Normalize(exeBaseName));

    public static string BaseName(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    /// <summary>The program name argv[0] claims: without the login-shell dash, the status text daemons append
    /// after ':' ("sshd: root@pts/0", "nginx: worker process") and the directory.</summary>
    public static string Argv0Name(string argv0)
    {
        string name = argv0.StartsWith('-') ? argv0[1..] : argv0;
        int colon = name.IndexOf(':');
        if (colon > 0) name = name[..colon];
        int space = name.IndexOf(' ');
        if (space > 0) name = name[..space];
        return BaseName(name);
    }

    /// <summary>Drops a trailing version ("python3.11" → "python", "perl5.36.0" → "perl").</summary>
    public static string Normalize(string name)
    {
        int end = name.Length;
        while (end > 1 && (char.IsAsciiDigit(name[end - 1]) || name[end - 1] == '.')) end--;
        return name[..end];
    }

    /// <summary>comm as the kernel would have set it from a file name at exec: the first 15 bytes.</summary>
    public static string TruncateToComm(string name)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        return bytes.Length <= CommBytes ? name : System.Text.Encoding.UTF8.GetString(bytes, 0, CommBytes);
    }
}
