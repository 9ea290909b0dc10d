namespace VpsTop.Core.AuthSources;

/// <summary>A source the probe chose: the journal (with its location) or a log file (path already mapped through the SystemRoot).</summary>
public sealed record AuthSource(string Name, JournalLocation? Journal, string? FilePath)
{
    public bool IsJournal => Journal is not null;

    public override string ToString() => Name;
}
