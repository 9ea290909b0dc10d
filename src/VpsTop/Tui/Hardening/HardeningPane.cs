using System.Globalization;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Text;
using VpsTop.Tui.Table;

namespace VpsTop.Tui;

/// <summary>
/// The sshd_config wizard: each proposed setting with the value in effect now (as sshd -T says) and where it comes
/// from; Space chooses, Enter edits the value, A applies through the same transaction as `vpstop harden --apply`
/// (backup, sshd validation, watchdog, reload, listener check) and the status line counts down to the automatic
/// rollback until the change is confirmed from a new session. R rolls back now, b lists the backups.
/// Reading the machine, planning (sshd -t/-T several times: seconds on a loaded box) and applying run off the UI
/// thread; the status line says which is running and the keys keep working meanwhile.
/// </summary>
public sealed class HardeningPane : TablePane
{
    private readonly HardeningService _service;
    private readonly Dictionary<string, (bool Selected, string Proposed)> _choices = new(StringComparer.Ordinal);
    private Task<HardeningView>? _reading;
    private Task<ApplyResult>? _applying;
    private PlanRequest? _planning;
    private HardeningView? _view;
    private bool _reread = true;
    private string _lastStatus = "";
    private string _lastSummary = "";
    private Terminal.Gui.Drawing.Scheme? _statusScheme;

    /// <summary>A plan being made for these settings, to show (d) or to apply (A) when it arrives.</summary>
    private sealed record PlanRequest(bool ToApply, List<KeyValuePair<string, IReadOnlyList<string>>> Settings,
        Task<HardeningProposal> Task);

    public HardeningPane(HardeningService service, TuiContext context) : base("_Hardening", context, headerLines: 2)
    {
        _service = service;
        Settings = new RowTable<HardeningRow>(HardeningColumns.Create(), r => r.Item.Keyword);
        AddTable(Settings);
        ShowOnly(Settings);
        SetLine(0, "Reading sshd's config…");
    }

    internal RowTable<HardeningRow> Settings { get; }
    internal string StatusLine => _lastStatus;

    /// <summary>Whether a read, a plan or an apply is running or its result is not shown yet.</summary>
    internal bool Busy => _reading is not null || _applying is not null || _planning is not null;

    protected override IRowTable Current => Settings;

    /// <summary>Starts reading sshd's config when it is due (while a change waits, every two seconds: the confirmation
    /// comes from another session, the rollback from the watchdog); says whether a result arrived or the status moved.</summary>
    protected override bool HasNews()
    {
        bool waiting = _view?.Pending is { Waiting: true } && Environment.TickCount64 - _readAt > 2000;
        if (_reading is null && (_view is null || _reread || waiting)) StartReading();
        return _reading is { IsCompleted: true } || _applying is { IsCompleted: true } || _planning is { Task.IsCompleted: true }
            || StatusText() != _lastStatus || Summary != _lastSummary;
    }

    protected override bool Show(bool force)
    {
        if (_reading is { IsCompleted: true } done)
        {
            _view = done.IsCompletedSuccessfully ? done.Result : null;
            if (done.Exception is { } e) ShowWarning("Reading sshd's config failed: " + e.InnerException?.Message);
            _reading = null;
        }
        if (_applying is { IsCompleted: true } applied)
        {
            _applying = null;
            var result = applied.IsCompletedSuccessfully ? applied.Result : new ApplyResult(ApplyOutcome.Failed,
                applied.Exception?.InnerException?.Message ?? "failed");
            Inform(result.Outcome switch
            {
                ApplyOutcome.Applied => "Applied — now confirm from a NEW session",
                ApplyOutcome.RolledBack => "Rolled back",
                ApplyOutcome.Invalid => "Refused by sshd",
                _ => "Not applied",
            }, result.Message);
            StartReading();
        }
        var planned = _planning is { Task.IsCompleted: true } ? _planning : null;
        if (planned is not null) _planning = null;
        ShowStatus(StatusText());
        bool changed = _view is not null && ShowRows(_view);
        _lastSummary = Summary;
        if (planned is not null)
        {
            // After the rows are shown: the choices may have changed while sshd was checking.
            Planned(planned);
            ShowStatus(StatusText());
        }
        return changed;
    }

    private void ShowStatus(string status)
    {
        _lastStatus = status;
        SetLine(1, status);
        var scheme = _view?.Pending is { Waiting: true } ? Context.Theme.Danger : Context.Theme.Dim;
        if (scheme is null || ReferenceEquals(scheme, _statusScheme)) return;
        _statusScheme = scheme;
        SetLineScheme(1, scheme);
    }

    private long _readAt;

    private void StartReading()
    {
        _readAt = Environment.TickCount64;
        _reading = Task.Run(_service.Read);
        _reread = false;
    }

    private bool ShowRows(HardeningView view)
    {
        string files = view.Files.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (+{view.Files.Count - 1} included)") : "";
        string version = view.SshdVersion is { } v ? $"OpenSSH {v.Major}.{v.Minor}" : "sshd not found";
        SetLine(0, SafeText.Sanitize($"{view.ConfigPath}{files}  {version}  reload: {view.Reload}", 300));
        var rows = new List<HardeningRow>();
        foreach (var item in HardeningItems.For(view.SshdVersion))
        {
            var (selected, proposed) = _choices.TryGetValue(item.Keyword, out var c) ? c : (item.Preselected, item.Proposed);
            string slot = item.Keyword.ToLowerInvariant();
            rows.Add(new HardeningRow(item, selected, proposed, view.Current.GetValueOrDefault(slot),
                view.Sources.GetValueOrDefault(slot)));
        }
        bool changed = Settings.Set(rows, FilterText);
        ShowWarning(view.Problems.Count > 0 ? string.Join("; ", view.Problems) : null);
        int chosen = rows.Count(r => r.WouldChange);
        Summary = view.Pending is { Waiting: true } ? "CHANGE WAITING FOR CONFIRMATION" : string.Create(CultureInfo.InvariantCulture,
            $"{chosen} changes chosen");
        return changed;
    }

    private string StatusText()
    {
        if (_applying is not null) return "Applying: validating with sshd, backing up, writing, reloading…";
        if (_planning is not null) return "Checking with sshd… the plan opens when it is ready";
        if (_view?.Pending is not { } p) return "No change applied yet. Space: choose  Enter: edit value  A: apply  b: backups";
        if (p.Waiting)
        {
            int left = (int)Math.Max(0, (p.Deadline - DateTimeOffset.UtcNow).TotalSeconds);
            return string.Create(CultureInfo.InvariantCulture,
                $"!! Applied {p.Started.ToLocalTime():HH:mm:ss}: rolls back in {left} s unless confirmed from a NEW ssh session: vpstop "
                    + $"harden --confirm  (R: roll back now)");
        }
        return
            SafeText.Sanitize($"Last change {p.Id}: {p.State}. Space: choose  Enter: edit  A: apply  b: backups  R: roll back to a backup",
                300);
    }

    protected override bool OnKey(Key key, IRowTable table)
    {
        int ch = key.AsRune.Value;
        if (key == Key.Space) Toggle();
        else if (ch is 'A' or 'd') StartPlanning(toApply: ch == 'A');
        else if (ch == 'R') RollBack();
        else if (ch == 'b')
        {
            if (HardeningDialogs.Backups(Context, _view) is { } backup && _applying is null) _applying = Task.Run(() =>
                RollBackFromPane(backup));
        }
        else return base.OnKey(key, table);
        return true;
    }

    /// <summary>Enter edits the selected setting's value.</summary>
    protected override void Activate(IRowTable table) => Edit();

    private HardeningRow? SelectedRow => Settings.Selected;

    private void Toggle()
    {
        if (SelectedRow is not { } row) return;
        _choices[row.Item.Keyword] = (!row.Selected, row.Proposed);
        ChoicesChanged();
    }

    private void Edit()
    {
        if (SelectedRow is not { } row) return;
        if (Dialogs.Prompt(Context.Modals, Context.Theme, row.Item.Keyword, "Value to set (empty: leave unchanged):",
            row.Proposed) is not { } text) return;
        text = text.Trim();
        if (text.Length > 0 && !SettingText.TryParse($"{row.Item.Keyword}={text}", out _, out string? problem))
        {
            Inform("Not a value", problem ?? "");
            return;
        }
        _choices[row.Item.Keyword] = (text.Length > 0, text);
        ChoicesChanged();
    }

    /// <summary>Shows the new choices, and their count in the header now rather than at the window's next tick.</summary>
    private void ChoicesChanged()
    {
        if (_view is null) return;
        ShowRows(_view);
        if (View.App?.TopRunnable is MainWindow window) window.RefreshVisible(force: false);
    }

    /// <summary>The chosen settings that would change something.</summary>
    private List<KeyValuePair<string, IReadOnlyList<string>>> Chosen() =>
        Settings.Rows.Where(r => r.WouldChange)
            .Select(r => new KeyValuePair<string, IReadOnlyList<string>>(r.Item.Keyword, r.Proposed.Split(' ',
                StringSplitOptions.RemoveEmptyEntries)))
            .ToList();

    /// <summary>d (where each chosen value would go, the guards, the diff) and A (the same, then apply) start here;
    /// <see cref="Planned"/> goes on when the plan arrives. Once is enough: a second d or A while sshd checks waits for it.</summary>
    private void StartPlanning(bool toApply)
    {
        if (_planning is not null || (toApply && _applying is not null)) return;
        var settings = Chosen();
        if (toApply && settings.Count == 0)
        {
            Inform("Nothing to apply", "Every chosen value is already in effect. Space chooses a setting, Enter edits its value.");
            return;
        }
        _planning = new PlanRequest(toApply, settings, Task.Run(() => _service.Propose(settings)));
        Refresh(force: true);
    }

    private void Planned(PlanRequest request)
    {
        if (!request.Task.IsCompletedSuccessfully)
        {
            Inform("Cannot plan", request.Task.Exception?.InnerException?.Message ?? "planning was cancelled");
            return;
        }
        var proposal = request.Task.Result;
        if (proposal.Plan.Errors.Count > 0)
        {
            Inform("Cannot plan", string.Join("\n", proposal.Plan.Errors));
            return;
        }
        if (!Chosen().Select(SettingText.Format).SequenceEqual(request.Settings.Select(SettingText.Format), StringComparer.Ordinal))
        {
            // Space or Enter while sshd was checking: this plan is not what the screen shows any more.
            StartPlanning(request.ToApply);
            return;
        }
        if (!request.ToApply)
        {
            HardeningDialogs.Plan(Context, proposal);
            return;
        }
        if (_applying is not null)
        {
            Inform("Not applied", "A rollback started while sshd was checking: press A again once it is done.");
            return;
        }
        if (HardeningDialogs.ConfirmApply(Context, proposal) == HardeningDialogs.ApplyChoice.Cancel) return;
        string? session = Environment.GetEnvironmentVariable("SSH_CONNECTION");
        _applying = Task.Run(() => _service.Apply(proposal.Plan, reload: true, TimeSpan.FromSeconds(120), session));
    }

    private ApplyResult RollBackFromPane(string? backupId) =>
        _service.RollBack(backupId, force: false, reload: true, "rolled back from the Hardening pane");

    private void RollBack()
    {
        using var dialog = Dialogs.Create(Context.Theme, "Roll back?", 70, 9, "_Roll back", "_Cancel");
        Dialogs.AddLines(dialog, [("Put the last backup back and reload sshd?", null),
            (SafeText.Sanitize(_view?.Pending is { } p ? $"Change {p.Id} ({p.State}) on {p.ConfigPath}" : "The latest backup."), null)]);
        if (Context.Modals.Run(dialog) != 0) return;
        _applying = Task.Run(() => RollBackFromPane(null));
    }

    /// <summary>F5: read sshd's config again.</summary>
    public override void CollectNow()
    {
        _reread = true;
        base.CollectNow();
    }

    public override void Sort() => Inform("Sort", "The Hardening list keeps the baseline's order (most important first).");

    public override void Kill() => Inform("Nothing to kill",
        "The Hardening pane changes sshd's config; F9 kills processes on the other panes.");

    public override IReadOnlyList<BarKey> BarKeys => _barKeys ??=
    [
        new("Space", "Choose", () => Toggle()), new("Enter", "Edit", () => Edit()),
        new("d", "Plan", () => StartPlanning(toApply: false)), new("A", "Apply", () => StartPlanning(toApply: true)),
        new("R", "Rollback", () => RollBack()),
    ];

    private IReadOnlyList<BarKey>? _barKeys;

    public override bool CanKill => false;

    public override IReadOnlyList<string> HelpLines { get; } =
    [
        "Hardening: sshd_config settings with the value in effect now (sshd -T) and where it comes from.",
        "  Space    choose / unchoose a setting;  Enter  edit its value;  '=' already in effect",
        "  d        where each chosen value would be written (the file and line that really takes effect)",
        "  A        apply: back up, validate with sshd -t/-T, write atomically, reload, check the listener;",
        "           rolls back by itself in 120 s unless you confirm from a NEW ssh session: vpstop harden --confirm",
        "  R        roll back now;  b  the backups (Restore… puts a chosen one back)",
    ];
}
