using System.Globalization;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Sockets;

/// <summary>TCP ports in LISTEN state from a procfs net directory's tcp and tcp6 tables: /proc/net for this network
/// namespace, /proc/PID/net for the namespace of another process (a listener in a namespace of its own).</summary>
public static class ListeningTcpPorts
{
    private const string ListenState = "0A";

    public static HashSet<int> Read(SystemRoot root, string netDirectory)
    {
        var ports = new HashSet<int>();
        foreach (string table in new[] { "tcp", "tcp6" })
        {
            string[] lines;
            try { lines = File.ReadAllLines(root.Path($"{netDirectory}/{table}")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (string line in lines.Skip(1))
            {
                // "  0: 0100007F:0016 00000000:0000 0A …": local address:port in hex, then the remote, then the state.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4 || fields[3] != ListenState) continue;
                int colon = fields[1].LastIndexOf(':');
                if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture,
                    out int port)) ports.Add(port);
            }
        }
        return ports;
    }
}
