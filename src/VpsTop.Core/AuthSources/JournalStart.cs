namespace VpsTop.Core.AuthSources;

/// <summary>Where a <see cref="JournalReader"/> begins: the last <see cref="Backlog"/> entries, after a saved cursor, or at a
/// time.</summary>
public sealed record JournalStart
{
    public int Backlog { get; init; }
    public string? AfterCursor { get; init; }
    public DateTimeOffset? Since { get; init; }

    public static JournalStart Tail(int backlog) => new() { Backlog = backlog };
    public static JournalStart After(string cursor) => new() { AfterCursor = cursor };
    public static JournalStart At(DateTimeOffset since) => new() { Since = since };
}
