namespace VpsTop.Core.AuthSources;

/// <summary>
/// One line from an auth source. <see cref="Text"/> is the raw line decoded as UTF-8 with replacement and its
/// trailing CR removed: attacker-controlled, never to be interpreted beyond parsing. A struct so the per-line cost
/// of a file line is the one string. <see cref="IsGap"/> lines carry no log text: they mark where lines may have
/// been lost or repeated (a copytruncate rotation).
/// </summary>
public readonly record struct LogLine(string Text, string Source, JournalFields? Journal = null, bool IsGap = false)
{
    public static LogLine Gap(string source, string why) => new(why, source, null, IsGap: true);
}
