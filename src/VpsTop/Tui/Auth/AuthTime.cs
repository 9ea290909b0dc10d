using System.Globalization;

namespace VpsTop.Tui;

/// <summary>Times as the Auth pane prints them: the clock for today, the date too for older ones.</summary>
public static class AuthTime
{
    public static readonly TimeSpan ClockOnly = TimeSpan.FromHours(20);

    public static string Short(DateTimeOffset? time, DateTimeOffset now)
    {
        // A log without timestamps (sshd -E) read back from before VpsTop started: say so rather than leave a blank.
        if (time is not { } t) return "time unknown";
        return IsRecent(t, now)
            ? t.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : t.ToLocalTime().ToString("MMM dd HH:mm", CultureInfo.InvariantCulture);
    }

    public static bool IsRecent(DateTimeOffset time, DateTimeOffset now) => now - time < ClockOnly && time - now < TimeSpan.FromMinutes(5);

    public static string Full(DateTimeOffset? time) =>
        time is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "(no time)";
}
