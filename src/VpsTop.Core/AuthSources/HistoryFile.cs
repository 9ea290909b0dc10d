namespace VpsTop.Core.AuthSources;

/// <summary>
/// One file of a log's history (auth.log, auth.log.1, auth.log.2.gz, secure-20261101 …). <see cref="Skipped"/> says
/// why it cannot be read ("compressed with xz, skipped", "permission denied"); <see cref="FirstLine"/> is the time of
/// its first line, which orders the history.
/// </summary>
public sealed record HistoryFile(string Path, string Compression, DateTimeOffset? FirstLine, string? Skipped);
