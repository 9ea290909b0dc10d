using System.Globalization;

namespace VpsTop.Core.Processes;

/// <summary>
/// uid → name from one passwd file, re-read only when its mtime or size changes, so a user added while
/// VpsTop runs gets a name without the cost of parsing passwd for every process.
/// </summary>
internal sealed class UserNames
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private Dictionary<uint, string> _names = [];
    private DateTime _mtime = DateTime.MinValue;
    private long _size = -1;

    public UserNames(string passwdPath) => _path = passwdPath;

    public string NameOf(uint uid)
    {
        lock (_lock)
        {
            Refresh();
            return _names.TryGetValue(uid, out string? name) ? name : uid.ToString(CultureInfo.InvariantCulture);
        }
    }

    private void Refresh()
    {
        var info = new FileInfo(_path);
        if (!info.Exists)
        {
            _names = [];
            _mtime = DateTime.MinValue;
            _size = -1;
            return;
        }
        if (info.LastWriteTimeUtc == _mtime && info.Length == _size) return;
        try
        {
            _names = Parse(File.ReadAllLines(_path));
            _mtime = info.LastWriteTimeUtc;
            _size = info.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _names = [];
        }
    }

    internal static Dictionary<uint, string> Parse(IEnumerable<string> lines)
    {
        var names = new Dictionary<uint, string>();
        foreach (string line in lines)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            string[] parts = line.Split(':');
            if (parts.Length < 3 || parts[0].Length == 0) continue;
            // First entry wins, like getpwuid on a file with duplicate uids.
            if (uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid))
                names.TryAdd(uid, parts[0]);
        }
        return names;
    }
}
