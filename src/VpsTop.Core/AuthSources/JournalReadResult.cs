namespace VpsTop.Core.AuthSources;

/// <summary>What a one-shot journal read returned: the lines, why it stopped early if it did, and where to resume.</summary>
public sealed record JournalReadResult(IReadOnlyList<LogLine> Lines, string? Problem, string? LastCursor);
