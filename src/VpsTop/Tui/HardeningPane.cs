using System.Globalization;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Core.Hardening;
using VpsTop.Core.Hardening.Apply;
using VpsTop.Core.Text;

namespace VpsTop.Tui;

/// <summary>
/// The sshd_config wizard: each proposed setting with the value in effect now (as sshd -T says) and where it comes
/// from; Space chooses, Enter edits the value, A applies through the same transaction as `vpstop harden --apply`
/// (backup, sshd validation, watchdog, reload, listener check) and the status line counts down to the automatic
/// rollback until the change is confirmed from a new session. R rolls back now, b lists the backups.
/// Reading the machine, planning (sshd -t/-T several times: seconds on a loaded box) and applying run off the UI
/// thread; the status line says which is running and the keys keep working meanwhile.
/// </summary>
public sealed class HardeningPane : IPane
{
    private readonly HardeningService _service;
    private readonly TuiContext _context;
    private readonly HardeningTableSource _source = new();
    private readonly PaneTable _pane;
    private readonly Label _info;
    private readonly Label _status;
    private readonly Dictionary<string, (bool Selected, string Proposed)> _choices = new(StringComparer.Ordinal);
    private Task<HardeningView>? _reading;
    private Task<ApplyResult>? _applying;
    private PlanRequest? _planning;
    private HardeningView? _view;
    private bool _dirty = true;
    private string _lastStatus = "";
    private string _lastSummary = "";

    /// <summary>A plan being made for these settings, to show (d) or to apply (A) when it arrives.</summary>
    private sealed record PlanRequest(bool ToApply, List<KeyValuePair<string, IReadOnlyList<string>>> Settings,
        Task<HardeningProposal> Task);

    public HardeningPane(HardeningService service, TuiContext context)
    {
        _service = service;
        _context = context;
        View = new View { Title = "_Hardening", Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _info = PlainLabel.Create(0);
        _info.Text = "Reading sshd's config…";
        _status = PlainLabel.Create(1);
        _pane = new PaneTable(context, _source, top: 2);
        Table.KeyDown += OnKeyDown;
        Table.Accepting += (_, e) => { Edit(); e.Handled = true; };
        Table.ViewportChanged += (_, _) => FitColumns();
        View.Add(_info, _status, _pane.Warning, Table);
    }

    public string Title => View.Title;
    public View View { get; }
    internal TableView Table => _pane.Table;
    internal HardeningTableSource Source => _source;
    internal string StatusLine => _status.Text;
    public string Summary { get; private set; } = "";

    /// <summary>Whether a read, a plan or an apply is running or its result is not shown yet.</summary>
    internal bool Busy => _reading is not null || _applying is not null || _planning is not null;

    private int _fittedWidth = -1;

    private void FitColumns()
    {
        int width = Table.Viewport.Width;
        if (width <= 0 || width == _fittedWidth) return;
        _fittedWidth = width;
        var style = Table.Style;
        PaneTable.SetWidth(style, 0, 3);
        PaneTable.SetWidth(style, 1, 28);
        PaneTable.SetWidth(style, 2, Math.Clamp((width - 40) / 3, 8, 30));
        PaneTable.SetWidth(style, 3, Math.Clamp((width - 40) / 3, 8, 30));
        PaneTable.SetWidth(style, 4, 6);
    }

    public bool Refresh(bool force)
    {
        // While a change waits, its state is read again every two seconds: the confirmation comes from another session,
        // the rollback from the watchdog.
        bool waiting = _view?.Pending is { Waiting: true } && Environment.TickCount64 - _readAt > 2000;
        if (_reading is null && (_view is null || _dirty || waiting)) StartReading();
        if (_reading is { IsCompleted: true } done)
        {
            _view = done.IsCompletedSuccessfully ? done.Result : null;
            if (done.Exception is { } e) _pane.ShowWarning("Reading sshd's config failed: " + e.InnerException?.Message);
            _reading = null;
            _dirty = false;
            force = true;
        }
        if (_applying is { IsCompleted: true } applied)
        {
            _applying = null;
            var result = applied.IsCompletedSuccessfully ? applied.Result : new ApplyResult(ApplyOutcome.Failed, applied.Exception?.InnerException?.Message ?? "failed");
            _pane.Inform(result.Outcome switch
            {
                ApplyOutcome.Applied => "Applied — now confirm from a NEW session",
                ApplyOutcome.RolledBack => "Rolled back",
                ApplyOutcome.Invalid => "Refused by sshd",
                _ => "Not applied",
            }, result.Message);
            StartReading();
        }
        var planned = _planning is { Task.IsCompleted: true } ? _planning : null;
        if (planned is not null)
        {
            _planning = null;
            force = true;
        }
        string status = StatusText();
        if (!force && status == _lastStatus && Summary == _lastSummary) return false;
        ShowStatus(status);
        if (_view is not null) Show(_view);
        _lastSummary = Summary;
        if (planned is not null)
        {
            // After the rows are shown: the choices may have changed while sshd was checking.
            Planned(planned);
            ShowStatus(StatusText());
        }
        return true;
    }

    private void ShowStatus(string status)
    {
        _lastStatus = status;
        _status.Text = status;
        if (_context.Theme.NoColor is false)
        {
            var scheme = _view?.Pending is { Waiting: true } ? _context.Theme.Danger : _context.Theme.Dim;
            if (scheme is not null) _status.SetScheme(scheme);
        }
    }

    private long _readAt;

    private void StartReading()
    {
        _readAt = Environment.TickCount64;
        _reading = Task.Run(_service.Read);
        _dirty = false;
    }

    private void Show(HardeningView view)
    {
        string files = view.Files.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (+{view.Files.Count - 1} included)") : "";
        string version = view.SshdVersion is { } v ? $"OpenSSH {v.Major}.{v.Minor}" : "sshd not found";
        _info.Text = SafeText.Sanitize($"{view.ConfigPath}{files}  {version}  reload: {view.Reload}", 300);
        var rows = new List<HardeningRow>();
        foreach (var item in HardeningItems.For(view.SshdVersion))
        {
            var (selected, proposed) = _choices.TryGetValue(item.Keyword, out var c) ? c : (item.Preselected, item.Proposed);
            string slot = item.Keyword.ToLowerInvariant();
            rows.Add(new HardeningRow(item, selected, proposed, view.Current.GetValueOrDefault(slot), view.Sources.GetValueOrDefault(slot)));
        }
        object? key = _pane.SelectedKey(_source.Rows, i => _source.Items[i].Item.Keyword);
        _source.Set(rows);
        FitColumns();
        Table.Update();
        _pane.Reselect(key, _source.Rows, i => _source.Items[i].Item.Keyword);
        _pane.ShowWarning(view.Problems.Count > 0 ? string.Join("; ", view.Problems) : null);
        int chosen = rows.Count(r => r.WouldChange);
        Summary = view.Pending is { Waiting: true } ? "CHANGE WAITING FOR CONFIRMATION" : string.Create(CultureInfo.InvariantCulture, $"{chosen} changes chosen");
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
                $"!! Applied {p.Started.ToLocalTime():HH:mm:ss}: rolls back in {left} s unless confirmed from a NEW ssh session: vpstop harden --confirm  (R: roll back now)");
        }
        return SafeText.Sanitize($"Last change {p.Id}: {p.State}. Space: choose  Enter: edit  A: apply  b: backups  R: roll back to a backup", 300);
    }

    private void OnKeyDown(object? sender, Key key)
    {
        bool handled = true;
        int ch = key.AsRune.Value;
        if (key == Key.Space) Toggle();
        else if (ch is 'A' or 'd') StartPlanning(toApply: ch == 'A');
        else if (ch == 'R') RollBack();
        else if (ch == 'b' && HardeningDialogs.Backups(_context, _view) is { } backup && _applying is null)
            _applying = Task.Run(() => RollBackFromPane(backup));
        else if (PaneTable.HandleHtopLetter(ch, this, () => { })) { }
        else handled = false;
        if (handled) key.Handled = true;
    }

    private HardeningRow? SelectedRow => _pane.SelectedRow is var r && r >= 0 && r < _source.Items.Count ? _source.Items[r] : null;

    private void Toggle()
    {
        if (SelectedRow is not { } row) return;
        _choices[row.Item.Keyword] = (!row.Selected, row.Proposed);
        ChoicesChanged();
    }

    private void Edit()
    {
        if (SelectedRow is not { } row) return;
        if (Dialogs.Prompt(_context.Modals, _context.Theme, row.Item.Keyword, "Value to set (empty: leave unchanged):", row.Proposed) is not { } text) return;
        text = text.Trim();
        if (text.Length > 0 && !SettingText.TryParse($"{row.Item.Keyword}={text}", out _, out string? problem))
        {
            _pane.Inform("Not a value", problem ?? "");
            return;
        }
        _choices[row.Item.Keyword] = (text.Length > 0, text);
        ChoicesChanged();
    }

    /// <summary>Shows the new choices, and their count in the header now rather than at the window's next tick.</summary>
    private void ChoicesChanged()
    {
        if (_view is null) return;
        Show(_view);
        if (View.App?.TopRunnable is MainWindow window) window.RefreshVisible(force: false);
    }

    /// <summary>The chosen settings that would change something.</summary>
    private List<KeyValuePair<string, IReadOnlyList<string>>> Chosen() =>
        _source.Items.Where(r => r.WouldChange)
            .Select(r => new KeyValuePair<string, IReadOnlyList<string>>(r.Item.Keyword, r.Proposed.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();

    /// <summary>d (where each chosen value would go, the guards, the diff) and A (the same, then apply) start here;
    /// <see cref="Planned"/> goes on when the plan arrives. Once is enough: a second d or A while sshd checks waits for it.</summary>
    private void StartPlanning(bool toApply)
    {
        if (_planning is not null || (toApply && _applying is not null)) return;
        var settings = Chosen();
        if (toApply && settings.Count == 0)
        {
            _pane.Inform("Nothing to apply", "Every chosen value is already in effect. Space chooses a setting, Enter edits its value.");
            return;
        }
        _planning = new PlanRequest(toApply, settings, Task.Run(() => _service.Propose(settings)));
        Refresh(force: true);
    }

    private void Planned(PlanRequest request)
    {
        if (!request.Task.IsCompletedSuccessfully)
        {
            _pane.Inform("Cannot plan", request.Task.Exception?.InnerException?.Message ?? "planning was cancelled");
            return;
        }
        var proposal = request.Task.Result;
        if (proposal.Plan.Errors.Count > 0)
        {
            _pane.Inform("Cannot plan", string.Join("\n", proposal.Plan.Errors));
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
            HardeningDialogs.Plan(_context, proposal);
            return;
        }
        if (_applying is not null)
        {
            _pane.Inform("Not applied", "A rollback started while sshd was checking: press A again once it is done.");
            return;
        }
        if (HardeningDialogs.ConfirmApply(_context, proposal) == HardeningDialogs.ApplyChoice.Cancel) return;
        string? session = Environment.GetEnvironmentVariable("SSH_CONNECTION");
        _applying = Task.Run(() => _service.Apply(proposal.Plan, reload: true, TimeSpan.FromSeconds(120), session));
    }

    private ApplyResult RollBackFromPane(string? backupId) =>
        _service.RollBack(backupId, force: false, reload: true, "rolled back from the Hardening pane");

    private void RollBack()
    {
        using var dialog = Dialogs.Create(_context.Theme, "Roll back?", 70, 9, "_Roll back", "_Cancel");
        Dialogs.AddLines(dialog, [("Put the last backup back and reload sshd?", null),
            (SafeText.Sanitize(_view?.Pending is { } p ? $"Change {p.Id} ({p.State}) on {p.ConfigPath}" : "The latest backup."), null)]);
        if (_context.Modals.Run(dialog) != 0) return;
        _applying = Task.Run(() => RollBackFromPane(null));
    }

    public void Focus() => Table.SetFocus();

    public void CollectNow() => _dirty = true;

    public bool Back() => false;

    public void Search() => _pane.Search("");

    public void Filter() => _pane.Inform("Filter", "The Hardening list is short: F3 searches it.");

    public void Sort() => _pane.Inform("Sort", "The Hardening list keeps the baseline's order (most important first).");

    public void Kill() => _pane.Inform("Nothing to kill", "The Hardening pane changes sshd's config; F9 kills processes on the other panes.");

    public IReadOnlyList<BarKey> BarKeys => _barKeys ??=
    [
        new("Space", "Choose", () => Toggle()), new("Enter", "Edit", () => Edit()),
        new("d", "Plan", () => StartPlanning(toApply: false)), new("A", "Apply", () => StartPlanning(toApply: true)),
        new("R", "Rollback", () => RollBack()),
    ];

    private IReadOnlyList<BarKey>? _barKeys;

    public bool CanKill => false;

    public IReadOnlyList<string> HelpLines { get; } =
    [
        "Hardening: sshd_config settings with the value in effect now (sshd -T) and where it comes from.",
        "  Space    choose / unchoose a setting;  Enter  edit its value;  '=' already in effect",
        "  d        where each chosen value would be written (the file and line that really takes effect)",
        "  A        apply: back up, validate with sshd -t/-T, write atomically, reload, check the listener;",
        "           rolls back by itself in 120 s unless you confirm from a NEW ssh session: vpstop harden --confirm",
        "  R        roll back now;  b  the backups (Restore… puts a chosen one back)",
    ];
}
