using VpsTop.Core.Auth.Live;
using VpsTop.Core.Logins;
using VpsTop.Core.Platform;

namespace VpsTop.Tui;

/// <summary>The Auth pane's inputs: the collector's latest snapshot and its version, and the login history
/// (last / lastb), which is read only when its view is opened (btmp on a brute-forced box is large).</summary>
public sealed class AuthFeed(Func<AuthSnapshot> latest, Func<long> version, Func<LoginSources.Result> logins, Func<LoginSources.Result> failedLogins)
{
    public AuthSnapshot Latest => latest();
    public long Version => version();
    public LoginSources.Result ReadLogins() => logins();
    public LoginSources.Result ReadFailedLogins() => failedLogins();

    public static AuthFeed Of(AuthCollector collector, SystemRoot root) =>
        new(() => collector.Latest, () => collector.Version, () => LoginSources.Logins(root), () => LoginSources.Failures(root));
}
