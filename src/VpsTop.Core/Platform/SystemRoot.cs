namespace VpsTop.Core.Platform;

/// <summary>
/// The one root every read of the system goes through. <see cref="Live"/> is "/"; tests point a
/// whole pipeline at a captured tree (a copy of /proc/net/*, /proc/PID/*, /etc/ssh …) by making
/// another root. Native calls that cannot be redirected (netlink, pidfd) check <see cref="IsLive"/>.
/// </summary>
public sealed class SystemRoot
{
    public static SystemRoot Live { get; } = new("/");

    public SystemRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = root.Length > 1 ? root.TrimEnd('/') : root;
    }

    public string Root { get; }

    /// <summary>True when this root is the running machine itself, so native sources may be used.</summary>
    public bool IsLive => Root == "/";

    /// <summary>Maps an absolute system path such as "/proc/net/tcp" under this root.</summary>
    public string Path(string absolutePath)
    {
        if (absolutePath.Length == 0 || absolutePath[0] != '/')
            throw new ArgumentException($"not an absolute path: {absolutePath}", nameof(absolutePath));
        return IsLive ? absolutePath : Root + absolutePath;
    }

    public string Proc(string relative) => Path("/proc/" + relative);

    public override string ToString() => Root;
}
