using System.Security.Cryptography;
using VpsTop.Core.Platform;
using VpsTop.Core.Processes;

namespace VpsTop.Core.Suspicion;

/// <summary>
/// What the origin dialog shows on demand (too slow for every refresh): the SHA-256 of the running program — read
/// through /proc/PID/exe, so it works for a deleted or memfd program too — and which dpkg package lists its path.
/// </summary>
public static class ExeOrigin
{
    public static IReadOnlyList<string> Describe(SystemRoot root, ProcessIdentity process)
    {
        var lines = new List<string>();
        try
        {
            using var exe = File.OpenRead(root.Proc($"{process.Pid}/exe"));
            long size = exe.Length;
            byte[] hash = SHA256.HashData(exe);
            lines.Add($"sha256  {Convert.ToHexStringLower(hash)}  ({size} bytes, read from /proc/{process.Pid}/exe)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lines.Add($"sha256  unavailable: {e.Message}");
        }
        lines.Add(process.Exe is { } path ? "package " + PackageOf(root, path) : "package unknown (no exe path)");
        return lines;
    }

    /// <summary>The dpkg package whose .list names <paramref name="path"/> (in its /usr or pre-merge form).</summary>
    public static string PackageOf(SystemRoot root, string path)
    {
        string alternative = path.StartsWith("/usr/", StringComparison.Ordinal) ? path[4..] : "/usr" + path;
        string info = root.Path("/var/lib/dpkg/info");
        try
        {
            foreach (string list in Directory.EnumerateFiles(info, "*.list"))
            {
                foreach (string line in File.ReadLines(list))
                {
                    if (line == path || line == alternative)
                        return
                            $"{Path.GetFileNameWithoutExtension(list)} (listed in "
                                + $"{list.Replace(info, "/var/lib/dpkg/info", StringComparison.Ordinal)})";
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"unknown: {e.Message}";
        }
        return "none: no installed package lists this path";
    }
}
