namespace VpsTop.Core.Logins;

/// <summary>
/// Turns wtmp records into sessions the way util-linux `last` does: walking backwards, a USER_PROCESS is closed by the
/// next DEAD_PROCESS on the same line; a boot or shutdown record in between ends it as "crash" or "down"; an open
/// one is "still logged in" while its process is still there (see <see cref="LoginSources.StillThere"/>), else
/// "gone - no logout". btmp records are failed attempts: point
/// events, never paired (lastb's durations mean nothing).
/// </summary>
public static class LoginHistory
{
    public static IReadOnlyList<LoginSession> Sessions(IReadOnlyList<UtmpRecord> records, Func<UtmpRecord, bool> stillThere)
    {
        var sessions = new List<LoginSession>();
        // line → when it was next logged out, walking from newest to oldest.
        var logouts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? laterBoot = null, laterShutdown = null;
        for (int i = records.Count - 1; i >= 0; i--)
        {
            var r = records[i];
            switch (r.Type)
            {
                case UtmpType.DeadProcess when r.Line.Length > 0:
                    logouts[r.Line] = r.Time;
                    break;
                case UtmpType.BootTime:
                    sessions.Add(new LoginSession("reboot", "system boot", r.Host, null, r.Time, laterBoot, SessionEnd.Boot, r.Pid));
                    laterBoot = r.Time;
                    logouts.Clear(); // sessions before a boot end at the boot, not at a later logout on the same tty
                    break;
                case UtmpType.RunLevel when r.User == "shutdown":
                    laterShutdown = r.Time;
                    logouts.Clear();
                    break;
                case UtmpType.UserProcess:
                    if (logouts.Remove(r.Line, out var end))
                        sessions.Add(new LoginSession(r.User, r.Line, r.Host, r.Address, r.Time, end, SessionEnd.Logout, r.Pid));
                    else if (laterShutdown is { } down && (laterBoot is null || down <= laterBoot))
                        sessions.Add(new LoginSession(r.User, r.Line, r.Host, r.Address, r.Time, down, SessionEnd.Down, r.Pid));
                    else if (laterBoot is { } boot)
                        sessions.Add(new LoginSession(r.User, r.Line, r.Host, r.Address, r.Time, boot, SessionEnd.Crash, r.Pid));
                    else
                        sessions.Add(new LoginSession(r.User, r.Line, r.Host, r.Address, r.Time, null,
                            stillThere(r) ? SessionEnd.StillLoggedIn : SessionEnd.GoneNoLogout, r.Pid));
                    break;
            }
        }
        return sessions;
    }

    /// <summary>btmp: every recorded failure, newest first.</summary>
    public static IReadOnlyList<LoginSession> Failures(IReadOnlyList<UtmpRecord> records)
    {
        var failures = new List<LoginSession>(records.Count);
        for (int i = records.Count - 1; i >= 0; i--)
        {
            var r = records[i];
            if (r.Type is UtmpType.LoginProcess or UtmpType.UserProcess)
                failures.Add(new LoginSession(r.User, r.Line, r.Host, r.Address, r.Time, null, SessionEnd.Failed, r.Pid));
        }
        return failures;
    }
}
