using VpsTop.Core.Collection;
using VpsTop.Core.Logins;

namespace VpsTop.Core.Auth.Live;

/// <summary>What the Auth pane reads: sshd's log followed live, and on demand the rotated files and the login history
/// (last / lastb), which is read only when asked (btmp on a brute-forced box is large).</summary>
public interface IAuthFeed : ISnapshotFeed<AuthSnapshot>
{
    /// <summary>Asks for the rotated files (auth.log.1, .gz …) to be read too; the snapshot's problems say when there
    /// are none.</summary>
    void ReadRotatedHistory();

    LoginSources.Result ReadLogins();

    LoginSources.Result ReadFailedLogins();
}
