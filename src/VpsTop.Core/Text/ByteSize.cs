using System.Globalization;

namespace VpsTop.Core.Text;

/// <summary>Bytes for people: 1023 B, 1.5 KiB, 20.0 MiB — binary units, one decimal, like nethogs and htop.</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Format(double bytes)
    {
        int unit = 0;
        while (bytes >= 1024 && unit < Units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }
        return unit == 0
            ? ((long)bytes).ToString(CultureInfo.InvariantCulture) + " B"
            : bytes.ToString("F1", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>A rate: "1.5 MiB/s".</summary>
    public static string Rate(double bytesPerSecond) => Format(bytesPerSecond) + "/s";
}
