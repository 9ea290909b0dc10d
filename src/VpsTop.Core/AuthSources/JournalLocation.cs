using VpsTop.Core.Platform;

namespace VpsTop.Core.AuthSources;

/// <summary>
/// Which journal to read: the running system's (sd_journal_open), the persistent journal directory under a
/// captured root (sd_journal_open_directory), or named journal files, such as a copy from another machine.
/// </summary>
public sealed record JournalLocation(string? Directory, IReadOnlyList<string>? Files)
{
    public static JournalLocation Of(SystemRoot root) =>
        root.IsLive ? new JournalLocation(null, null) : new JournalLocation(root.Path("/var/log/journal"), null);

    public static JournalLocation OfFiles(params string[] files) => new(null, files);

    public override string ToString() => Files is { } f ? string.Join(", ", f) : Directory ?? "system journal";
}
