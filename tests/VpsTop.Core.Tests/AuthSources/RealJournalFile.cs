using System.Text;
using VpsTop.Core.Tests.Support;

namespace VpsTop.Core.Tests.AuthSources;

/// <summary>
/// A real journal file written by systemd's own systemd-journal-remote from entries in the journal export format
/// (hand-written here; journald is not running in this container so systemd-cat cannot be used). libsystemd reads
/// it exactly as it reads /var/log/journal's files.
/// </summary>
internal static class RealJournalFile
{
    public const string JournalRemote = "/lib/systemd/systemd-journal-remote";
    private const string BootId = "0123456789abcdef0123456789abcdef";

    public static string Write(TempLogDir dir, string name, params IReadOnlyList<(string Field, byte[] Value)>[] entries)
    {
        var export = new MemoryStream();
        long t = 1795900000000000;
        foreach (var entry in entries)
        {
            // An entry may carry its own __REALTIME_TIMESTAMP; otherwise entries are one second apart.
            if (entry.FirstOrDefault(f => f.Field == "__REALTIME_TIMESTAMP") is { Value: { } given }) t =
                long.Parse(Encoding.ASCII.GetString(given));
            Text(export, $"__REALTIME_TIMESTAMP={t}\n__MONOTONIC_TIMESTAMP={t - 1795800000000000}\n_BOOT_ID={BootId}\n_HOSTNAME=vps\n");
            t += 1_000_000;
            foreach ((string field, byte[] value) in entry)
            {
                if (field == "__REALTIME_TIMESTAMP") continue;
                if (Array.IndexOf(value, (byte)'\n') < 0 && Array.TrueForAll(value, b => b < 0x80))
                {
                    Text(export, field + "=");
                    export.Write(value);
                    export.WriteByte((byte)'\n');
                }
                else
                {
                    // Binary form of the export format: NAME\n, little-endian 64-bit size, raw bytes, \n.
                    Text(export, field + "\n");
                    export.Write(BitConverter.GetBytes((ulong)value.Length));
                    export.Write(value);
                    export.WriteByte((byte)'\n');
                }
            }
            export.WriteByte((byte)'\n');
        }
        string input = dir.File(name + ".export"), output = dir.File(name + ".journal");
        File.WriteAllBytes(input, export.ToArray());
        var (exit, _, err) = Run.Capture(JournalRemote, "--output=" + output, input);
        Assert.True(exit == 0 && File.Exists(output), "systemd-journal-remote failed: " + err);
        return output;
    }

    public static (string, byte[]) F(string field, string value) => (field, Encoding.UTF8.GetBytes(value));

    private static void Text(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));
}
