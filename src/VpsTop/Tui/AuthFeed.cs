using VpsTop.Core.Auth.Live;
using VpsTop.Core.Logins;
using VpsTop.Core.Platform;

namespace VpsTop.Tui;

/// <summary>The Auth pane's inputs: the collector's latest snapshot and its version, and the login history
/// (last / lastb), which is read only when its view is opened (btmp on a brute-forced box is large).</summary>
public sealed class AuthFeed(Func<AuthSnapshot> latest, Func<long> version, Func<LoginSources.Result> logins, Func<LoginSources.Result> failedLogins,
    Action? readRotatedHistory = null)
{
    /// <summary>Asks the collector to read the rotated files too (auth.log.1, .gz …); false when it cannot.</summary>
    public bool ReadRotatedHistory()
    {
        readRotatedHistory?.Invoke();
        return readRotatedHistory is not null;
    }

    public AuthSnapshot Latest => latest();
    public long Version => version();
    public LoginSources.Result ReadLogins() => logins();
    public LoginSources.Result ReadFailedLogins() => failedLogins();

    public static AuthFeed Of(AuthCollector collector, SystemRoot root) =>
        new(() => collector.Latest, () => collector.Version, () => LoginSources.Logins(root), () => LoginSources.Failures(root), collector.ReadRotatedHistory);
}
