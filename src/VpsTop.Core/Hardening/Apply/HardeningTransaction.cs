using System.Diagnostics;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening.Apply;

/// <summary>
/// Applies an sshd config change with the way back built in (research §6 phase C): validate the staged candidate
/// with the real `sshd -t` and check with `sshd -T` that every intended value takes effect; back every file up; arm
/// a detached watchdog that restores the backup unless the change is confirmed in time; write each file atomically;
/// `sshd -t` the real files; reload; check the listener is alive and listening where it should. A failure after
/// writing puts the backup back at once. Each step is logged in the pending state, so a crash at any point leaves
/// either the old or the new file, the backup, and a watchdog that knows what to do.
/// </summary>
public sealed class HardeningTransaction(SystemRoot root, SshdOracle oracle,
    string stateDirectory = HardeningTransaction.DefaultStateDirectory)
{
    /// <summary>Backups and the pending change live here (a system path).</summary>
    public const string DefaultStateDirectory = "/var/lib/vpstop/hardening";

    /// <summary>Test-only fault injection: the process dies at the named step (proves crash safety for real).</summary>
    public const string CrashAtVariable = "VPSTOP_TEST_CRASH_AT";

    private readonly BackupStore _backups = new(root, stateDirectory + "/backups");
    private readonly PendingStore _pending = new(root, stateDirectory);

    public BackupStore Backups => _backups;
    public PendingStore Pending => _pending;

    /// <summary>Stages the candidate and asks the real sshd: loads (sshd -t)? every intended value in effect (sshd -T)?</summary>
    public ApplyResult Validate(ApplyRequest request)
    {
        string dir = Directory.CreateTempSubdirectory("vpstop-stage-").FullName;
        try
        {
            string staged = SshdStaging.Stage(request.Plan.Tree, request.Plan.Documents, dir);
            var test = oracle.Test(staged);
            if (!test.Ok)
                return new ApplyResult(ApplyOutcome.Invalid, "sshd refuses the new config: " + string.Join("; ",
                    test.Stderr.Select(l => l.Replace(dir, "", StringComparison.Ordinal))));
            var effective = oracle.Effective(staged, request.Context);
            if (effective is null) return new ApplyResult(ApplyOutcome.Invalid, "sshd -T refused the new config for your connection");
            var missing = IntendedValues.Missing(effective, request.Intended);
            if (missing.Count > 0) return new ApplyResult(ApplyOutcome.Invalid, "some values would not take effect: " + string.Join("; ",
                missing), Problems: missing);
            // Nothing else may move: a commented-out duplicate or an edited Include must not change another setting.
            if (oracle.Effective(root.Path(request.Plan.Tree.MainPath), request.Context) is { } before)
            {
                var side = IntendedValues.SideEffects(before, effective, request.Intended);
                if (side.Count > 0) return new ApplyResult(ApplyOutcome.Invalid, "the change would also alter: " + string.Join("; ", side),
                    Problems: side);
            }
            return new ApplyResult(ApplyOutcome.Applied, "sshd accepts the new config and every value takes effect");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    public ApplyResult Apply(ApplyRequest request)
    {
        if (request.Plan.Documents.Count == 0) return new ApplyResult(ApplyOutcome.NothingToDo,
            "every value is already in effect: nothing to write");
        var valid = Validate(request);
        if (valid.Outcome != ApplyOutcome.Applied) return valid;

        using var held = _pending.Lock(TimeSpan.FromSeconds(5));
        if (held is null) return new ApplyResult(ApplyOutcome.Busy, "another vpstop is changing sshd's config right now");
        if (_pending.Load() is { Waiting: true } waiting)
            return new ApplyResult(ApplyOutcome.Busy,
                $"change {waiting.Id} waits for confirmation until {waiting.Deadline:HH:mm:ss}: confirm it (vpstop harden --confirm) or "
                    + $"roll it back (vpstop harden --rollback) first", waiting);

        string mainPath = request.Plan.Tree.MainPath;
        string realMain = root.Path(mainPath);
        var now = DateTimeOffset.UtcNow;
        var paths = request.Plan.Documents.Keys.OrderBy(p => p, StringComparer.Ordinal).ToList();
        var backup = _backups.Create(paths, mainPath, "before vpstop harden --apply", now);
        Crash("backed-up");

        // Where the reload goes is settled before anything changes: the pidfile of the config as it is now.
        string pidFile = oracle.Effective(realMain)?.Value("pidfile") ?? "/run/sshd.pid";
        var reload = SshdReload.Choose(root, pidFile, request.SystemConfig);
        int? listener = null;
        if (request.Reload)
        {
            listener = SshdListener.FromPidFile(root, pidFile, out string? why);
            if (listener is null && reload.SystemdUnit is null)
                return new ApplyResult(ApplyOutcome.Failed,
                    $"cannot reload: {why}. Nothing was changed (apply with --no-reload to only write the files).", Backup: backup);
        }

        var log = new List<string> { $"{now:O} backup {backup.Id}" };
        var pending = new PendingChange(backup.Id, backup.Id, mainPath, now, now + request.ConfirmTimeout, PendingChange.Applying,
            request.Reload ? reload.Description : "none", listener, request.Session, log);
        _pending.Save(pending);
        if (request.Reload)
        {
            // Armed before the first write: whatever happens to this process or this session from here on, the
            // watchdog puts the backup back unless someone confirms.
            string? armed = ArmWatchdog(request.WatchdogCommand, pending);
            if (armed is not null)
            {
                pending = Log(pending with { State = PendingChange.RolledBack }, "watchdog not started: " + armed);
                return new ApplyResult(ApplyOutcome.Failed, $"could not start the rollback watchdog ({armed}); nothing was changed",
                    pending, backup);
            }
            pending = Log(pending, "watchdog armed");
        }
        Crash("armed");

        foreach (string path in paths)
        {
            AtomicFile.Write(root.Path(path), request.Plan.Documents[path].ToBytes());
            Crash("wrote " + path);
        }
        backup = _backups.WithAfter(backup);
        pending = Log(pending, "files written: " + string.Join(", ", paths));

        var test = oracle.Test(realMain);
        if (!test.Ok) return RollBackNow(pending, backup, reload, listener, request.Reload,
            "sshd -t on the written files failed: " + string.Join("; ", test.Stderr));
        Crash("tested");

        if (!request.Reload)
        {
            pending = Log(pending with { State = PendingChange.Confirmed }, "written without reload (rehearsal)");
            return new ApplyResult(ApplyOutcome.Applied, $"written (no reload); backup {backup.Id}", pending, backup);
        }
        if (reload.Run(root, listener) is { } reloadFailed) return RollBackNow(pending, backup, reload, listener, true, reloadFailed);
        pending = Log(pending, "reloaded: " + reload.Description);
        Crash("reloaded");

        if (CheckListener(realMain, listener) is { } broken) return RollBackNow(pending, backup, reload, listener, true, broken);
        pending = Log(pending with { State = PendingChange.Applied }, "listener checked");
        return new ApplyResult(ApplyOutcome.Applied,
            $"applied; rolls back at {pending.Deadline.ToLocalTime():HH:mm:ss} unless you confirm from a NEW ssh session: vpstop harden "
                + $"--confirm", pending, backup);
    }

    /// <summary>After a reload: the same sshd PID is alive and listens on every port the new config names.</summary>
    private string? CheckListener(string realMain, int? listener)
    {
        var expected = oracle.Effective(realMain)?.Get("port")?.Select(p => int.TryParse(p,
            out int n) ? n : -1).Where(n => n > 0).ToHashSet() ?? [];
        // sshd re-executes on SIGHUP and binds again: give it a moment.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            int? pid = listener ?? SshdListener.FromPidFile(root, oracle.Effective(realMain)?.Value("pidfile") ?? "/run/sshd.pid", out _);
            if (pid is { } p && SshdListener.IsSshd(root, p))
            {
                var ports = SshdListener.ListeningPorts(root, p);
                if (expected.All(ports.Contains)) return null;
                if (DateTime.UtcNow > deadline)
                    return
                        $"sshd {p} listens on {string.Join(", ", ports.Order())}, not on every port of the new config "
                            + $"({string.Join(", ", expected.Order())})";
            }
            else if (DateTime.UtcNow > deadline) return $"the sshd listener{(listener is { } l ? $" {l}" : "")} is gone after the reload";
            Thread.Sleep(100);
        }
    }

    private ApplyResult RollBackNow(PendingChange pending, BackupManifest backup, SshdReload reload, int? listener, bool doReload,
        string why)
    {
        pending = Log(pending, "failed: " + why);
        _backups.Restore(backup);
        string? reloaded = null;
        if (doReload && oracle.Test(root.Path(pending.ConfigPath)).Ok) reloaded = reload.Run(root, listener);
        pending = Log(pending with { State = PendingChange.RolledBack },
            reloaded is null ? "restored the backup" : "restored the backup; reload failed: " + reloaded);
        return new ApplyResult(ApplyOutcome.RolledBack, $"{why}. The previous files are back (backup {backup.Id}).", pending, backup);
    }

    /// <summary>Confirms the waiting change: the watchdog sees it and exits. From the applying session itself only with
    /// <paramref name="force"/>: a confirmation from a new session is the proof that the new settings let people in.</summary>
    public ApplyResult Confirm(string? session, bool force)
    {
        using var held = _pending.Lock(TimeSpan.FromSeconds(10));
        if (held is null) return new ApplyResult(ApplyOutcome.Busy, "another vpstop holds the lock");
        var pending = _pending.Load();
        if (pending is null || !pending.Waiting) return new ApplyResult(ApplyOutcome.NothingToDo,
            pending is null ? "no change waits for confirmation" : $"change {pending.Id} is already {pending.State}", pending);
        if (pending.State == PendingChange.Applying) return new ApplyResult(ApplyOutcome.Busy,
            $"change {pending.Id} is still being applied", pending);
        if (!force && session is not null && session == pending.AppliedFromSession)
            return new ApplyResult(ApplyOutcome.Failed,
                "this is the session that applied the change: log in again in a NEW ssh session and confirm from there (that proves you "
                    + "can still get in), or add --force", pending);
        if (DateTimeOffset.UtcNow > pending.Deadline) return new ApplyResult(ApplyOutcome.Failed,
            $"too late: change {pending.Id} passed its deadline and is being rolled back", pending);
        pending = Log(pending with { State = PendingChange.Confirmed }, "confirmed" + (session is null ? "" : " from " + session));
        return new ApplyResult(ApplyOutcome.Applied,
            $"change {pending.Id} confirmed; its backup stays ({_backups.Directory}/{pending.BackupId})", pending);
    }

    /// <summary>Puts a backup back (the waiting change's, or the one named), tests, and reloads.</summary>
    public ApplyResult Rollback(string? backupId, bool force, bool doReload, string reason)
    {
        using var held = _pending.Lock(TimeSpan.FromSeconds(10));
        if (held is null) return new ApplyResult(ApplyOutcome.Busy, "another vpstop holds the lock");
        var pending = _pending.Load();
        string? id = backupId ?? (pending is { Waiting: true } ? pending.BackupId : _backups.List().LastOrDefault()?.Id);
        if (id is null || _backups.Load(id) is not { } backup) return new ApplyResult(ApplyOutcome.Failed,
            id is null ? "no backup to roll back to" : $"no complete backup {id}");
        var changed = _backups.ChangedSince(backup);
        if (changed.Count > 0 && !force)
            return new ApplyResult(ApplyOutcome.Failed,
                $"changed by someone else since the apply: {string.Join(", ", changed)}; a rollback would lose that (add --force)",
                    pending, backup);
        _backups.Restore(backup);
        string realMain = root.Path(backup.ConfigPath);
        var test = oracle.Test(realMain);
        string? reloaded = null;
        if (doReload)
        {
            if (!test.Ok) reloaded = "not reloaded: sshd -t fails on the restored files: " + string.Join("; ", test.Stderr);
            else
            {
                string pidFile = oracle.Effective(realMain)?.Value("pidfile") ?? "/run/sshd.pid";
                var reload = SshdReload.Choose(root, pidFile, backup.ConfigPath == SshdConfigTree.DefaultMainPath);
                reloaded = reload.Run(root, pending?.BackupId == id ? pending.ListenerPid : null);
            }
        }
        if (pending is { Waiting: true } && pending.BackupId == id)
            pending = Log(pending with { State = PendingChange.RolledBack }, reason + (reloaded is null ? "" : "; " + reloaded));
        return new ApplyResult(ApplyOutcome.RolledBack,
            $"restored backup {id}{(reloaded is null ? (doReload ? " and reloaded sshd" : "") : "; " + reloaded)}", pending, backup);
    }

    /// <summary>The detached watchdog's loop: waits for the deadline, returns early once the change is confirmed or
    /// rolled back, otherwise restores the backup and reloads. Returns what it did.</summary>
    public string Watch(string changeId, Func<bool>? stop = null)
    {
        while (stop?.Invoke() != true)
        {
            var pending = _pending.Load();
            if (pending is null || pending.Id != changeId) return "superseded";
            if (!pending.Waiting) return pending.State;
            if (DateTimeOffset.UtcNow >= pending.Deadline)
            {
                var result = Rollback(pending.BackupId, force: true, doReload: pending.Reload != "none",
                    "not confirmed before the deadline: rolled back by the watchdog");
                // Busy: the apply itself still holds the lock (its checks are running); try again in a moment.
                if (result.Outcome != ApplyOutcome.Busy) return result.Message;
            }
            Thread.Sleep(250);
        }
        return "stopped";
    }

    /// <summary>Starts the watchdog outside this process, its session and its terminal: a transient systemd service when
    /// systemd is PID 1 (so logind cannot kill it with the session), otherwise `setsid -f`. Null when started.</summary>
    private string? ArmWatchdog(IReadOnlyList<string> command, PendingChange pending)
    {
        // Its stdin, stdout and stderr must be /dev/null from the start: a process holding the pipes or the pty of an
        // `ssh host vpstop harden --apply` keeps that SSH session from closing. A constant script does the
        // redirection; the command comes in as arguments, never as text inside the script.
        var psi = SshdReload.SystemdIsInit(root)
            ? new ProcessStartInfo("/usr/bin/systemd-run")
            {
                ArgumentList = { "--quiet", "--collect",
                $"--unit=vpstop-ssh-rollback-{pending.Id}" }
            }
            : new ProcessStartInfo("/usr/bin/setsid")
            {
                ArgumentList = { "-f", "/bin/sh", "-c",
                "exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1" }
            };
        foreach (string a in command) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("harden");
        psi.ArgumentList.Add("--watchdog");
        psi.ArgumentList.Add(pending.Id);
        psi.ArgumentList.Add("--state-dir");
        psi.ArgumentList.Add(stateDirectory);
        if (!root.IsLive)
        {
            psi.ArgumentList.Add("--root");
            psi.ArgumentList.Add(root.Path("/"));
        }
        psi.UseShellExecute = false;
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.WorkingDirectory = "/";
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"{psi.FileName} exited {p.ExitCode}: {err.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{psi.FileName}: {e.Message}";
        }
    }

    private PendingChange Log(PendingChange pending, string entry)
    {
        var updated = pending with { Log = [.. pending.Log, $"{DateTimeOffset.UtcNow:O} {entry}"] };
        _pending.Save(updated);
        return updated;
    }

    private static void Crash(string step)
    {
        if (Environment.GetEnvironmentVariable(CrashAtVariable) is { Length: > 0 } at && step.StartsWith(at, StringComparison.Ordinal))
            Environment.FailFast($"{CrashAtVariable}: dying at '{step}'");
    }
}
