using VpsTop.Core.Platform;
using VpsTop.Core.Processes;

namespace VpsTop.Core.Suspicion;

/// <summary>
/// Resolves the directory symlinks of an absolute path the way the kernel would, but inside a
/// <see cref="SystemRoot"/>: an absolute link target (a captured "/bin -> /usr/bin") stays under the root.
/// This is what makes dpkg's pre-merge "/bin/ls" and the kernel's "/usr/bin/ls" the same file on a
/// merged-/usr system, and keeps them distinct on one that is not merged. Results are cached per directory,
/// so a database of 100k paths costs one readlink per distinct directory. Not thread-safe.
/// </summary>
internal sealed class RootedPathResolver
{
    private const int MaxLinkDepth = 40; // the kernel's MAXSYMLINKS

    private readonly SystemRoot _root;
    private readonly Dictionary<string, string> _dirs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _dirsBySpan;

    public RootedPathResolver(SystemRoot root)
    {
        _root = root;
        _dirsBySpan = _dirs.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Forgets the resolved directories: after a bulk load only the few that lookups need come back.</summary>
    public void Forget() => _dirs.Clear();

    /// <summary>The path with its directory part resolved; the last component is kept as it is (a file).</summary>
    public string ResolveFile(ReadOnlySpan<char> path)
    {
        int slash = path.LastIndexOf('/');
        if (slash < 0) return path.ToString();
        string dir = ResolveDirectory(slash == 0 ? "/" : path[..slash]);
        ReadOnlySpan<char> name = path[(slash + 1)..];
        return dir.Length == 1 ? string.Concat("/", name) : string.Concat(dir, "/", name);
    }

    /// <summary>A directory with every symlink component resolved under the root.</summary>
    public string ResolveDirectory(ReadOnlySpan<char> dir)
    {
        if (_dirsBySpan.TryGetValue(dir, out string? known)) return known;
        return Resolve(dir.ToString(), 0);
    }

    private string Resolve(string path, int depth)
    {
        path = path.TrimEnd('/');
        if (path.Length == 0) return "/";
        if (_dirs.TryGetValue(path, out string? known)) return known;

        int slash = path.LastIndexOf('/');
        string parent = Resolve(slash <= 0 ? "/" : path[..slash], depth);
        string name = path[(slash + 1)..];
        string result;
        if (name.Length == 0 || name == ".") result = parent;
        else if (name == "..") result = Parent(parent);
        else
        {
            string candidate = parent.Length == 1 ? "/" + name : parent + "/" + name;
            string? target = ProcFiles.TryReadLink(_root.Path(candidate), out _);
            if (target is null || target.Length == 0 || depth >= MaxLinkDepth) result = candidate;
            else result = Resolve(target[0] == '/' ? target : parent + "/" + target, depth + 1);
        }
        _dirs[path] = result;
        return result;
    }

    private static string Parent(string dir)
    {
        int slash = dir.LastIndexOf('/');
        return slash <= 0 ? "/" : dir[..slash];
    }
}
