using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Core.Text;

namespace VpsTop.Tui.Table;

/// <summary>
/// What every table pane shares: its header lines, a warning line that pushes the tables down when shown, the tables'
/// area, the selected row in full on the bottom line (a cell cut to its column is never the only place its text is),
/// htop's keys (F3 search, F4 filter, F6 sort list, I reverse, k kill and their letters), and a refresh that redraws
/// only when the feed published something new or the view changed. A pane says how to fill its tables and what its
/// own keys do.
/// </summary>
public abstract class TablePane : IPane
{
    private readonly Label[] _lines;
    private readonly Label _detail;
    private readonly int _top;
    private bool _dirty = true;
    private bool _linesChanged;
    private string _search = "";
    private readonly List<IRowTable> _tables = [];
    private IRowTable? _shown;

    protected TablePane(string title, TuiContext context, int headerLines)
    {
        Context = context;
        _top = headerLines;
        View = new View { Title = title, Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _lines = new Label[headerLines];
        for (int i = 0; i < headerLines; i++) _lines[i] = PlainLabel.Create(i);
        Warning = PlainLabel.Create(headerLines);
        Warning.Visible = false;
        if (context.Theme.Warn is { } warn) Warning.SetScheme(warn);
        Body = new View { X = 0, Y = headerLines, Width = Dim.Fill(), Height = Dim.Fill(1), CanFocus = true };
        _detail = PlainLabel.Create(0);
        _detail.Y = Pos.AnchorEnd(1);
        if (context.Theme.Dim is { } dim) _detail.SetScheme(dim);
        View.Add(_lines);
        View.Add(Warning, Body, _detail);
    }

    public string Title => View.Title;
    public View View { get; }
    public string Summary { get; protected set; } = "";
    public abstract IReadOnlyList<string> HelpLines { get; }

    protected TuiContext Context { get; }

    /// <summary>Where the pane's tables are.</summary>
    protected View Body { get; }

    protected Label Warning { get; }

    /// <summary>The filter (F4), applied to every view of the pane.</summary>
    protected string FilterText { get; private set; } = "";

    /// <summary>The table the keys act on: the view on screen (and in a pane with two, the focused one).</summary>
    protected abstract IRowTable Current { get; }

    /// <summary>The table the keys act on, and how many rows it shows (for tests and the header).</summary>
    internal Terminal.Gui.Views.TableView Table => Current.View;

    internal int RowCount => Current.Count;

    /// <summary>Adds a table to the pane's area, wired to the pane's keys and Enter.</summary>
    protected void AddTable(IRowTable table)
    {
        table.View.Visible = false;
        table.View.KeyDown += (sender, key) =>
        {
            if (OnKey(key, table)) key.Handled = true;
        };
        table.View.Accepting += (_, e) =>
        {
            Activate(table);
            e.Handled = true;
        };
        table.View.ValueChanged += (_, _) => ShowDetail();
        table.Redrawn += ShowDetail;
        _tables.Add(table);
        Body.Add(table.View);
    }

    /// <summary>Shows only <paramref name="table"/> in the pane's area, keeping the focus in it.</summary>
    protected void ShowOnly(IRowTable table)
    {
        if (ReferenceEquals(_shown, table)) return; // the panes call it on every refresh; only a change of view acts
        _shown = table;
        bool focused = Body.HasFocus || View.HasFocus;
        foreach (var view in Body.SubViews) view.Visible = ReferenceEquals(view, table.View);
        if (focused) table.View.SetFocus();
    }

    protected void SetLine(int line, string text)
    {
        if (_lines[line].Text == text) return;
        _lines[line].Text = text;
        _linesChanged = true;
    }

    protected void SetLineScheme(int line, Terminal.Gui.Drawing.Scheme scheme) => _lines[line].SetScheme(scheme);

    /// <summary>Shows "! text" above the tables (sanitized), or hides the line; the tables move to make room.</summary>
    protected void ShowWarning(string? text)
    {
        bool show = text is not null;
        if (show)
        {
            string line = "! " + SafeText.Sanitize(text, 300);
            if (Warning.Text != line)
            {
                Warning.Text = line;
                _linesChanged = true;
            }
        }
        if (Warning.Visible == show) return;
        _linesChanged = true;
        Warning.Visible = show;
        Body.Y = show ? _top + 1 : _top;
    }

    private void ShowDetail()
    {
        string text = SafeText.Sanitize(Current.SelectedText(), 1000);
        if (_detail.Text == text) return;
        _detail.Text = text;
        _linesChanged = true;
    }

    /// <summary>Whether there is something new to show: the feed published, a background read finished. Called by the
    /// UI timer; a pane may start such a read here when one is due.</summary>
    protected abstract bool HasNews();

    /// <summary>Fills the tables and the header from the latest snapshot; returns whether anything on screen changed.</summary>
    protected abstract bool Show(bool force);

    public bool Refresh(bool force)
    {
        if (!HasNews() && !force && !_dirty) return false;
        _dirty = false;
        _linesChanged = false;
        bool changed = Show(force);
        // A forced refresh (a tab switch, a new view) redraws the tables shown whole, as before the rows were compared.
        if (force)
            foreach (var table in _tables)
                if (table.View.Visible) table.View.Update();
        ShowDetail();
        return changed || _linesChanged || force;
    }

    /// <summary>The view or its filter changed: show it again now.</summary>
    protected void Changed()
    {
        _dirty = true;
        Refresh(force: true);
    }

    public void Focus() => Current.View.SetFocus();

    public virtual void CollectNow() => _dirty = true;

    public virtual bool Back() => false;

    /// <summary>The pane's own keys (letters before the table's type-to-jump takes them); true when handled.</summary>
    protected virtual bool OnKey(Key key, IRowTable table) => key == Key.Backspace ? Back() : HtopLetter(key.AsRune.Value);

    /// <summary>Enter on a row of <paramref name="table"/>.</summary>
    protected virtual void Activate(IRowTable table)
    {
    }

    /// <summary>htop's letters for the function keys, the same on every pane: / search, \ filter, &gt; sort, I reverse,
    /// k kill.</summary>
    protected bool HtopLetter(int ch)
    {
        switch (ch)
        {
            case '/': Search(); return true;
            case '\\': Filter(); return true;
            case '>': Sort(); return true;
            case 'I': Current.ReverseSort(); Changed(); return true;
            case 'k': Kill(); return true;
            default: return false;
        }
    }

    public void Search()
    {
        if (Dialogs.Prompt(Context.Modals, Context.Theme, "Search", "Jump to the next row containing:", _search) is not { } text) return;
        _search = text;
        if (!Current.SearchNext(text)) Inform("Search", $"No row contains '{text}'.");
    }

    public void Filter()
    {
        if (Dialogs.Prompt(Context.Modals, Context.Theme, "Filter", "Show only rows containing (empty: all):",
            FilterText) is not { } text) return;
        FilterText = text.Trim();
        Changed();
    }

    public virtual void Sort()
    {
        Current.ChooseSort(Context);
        Changed();
    }

    public abstract void Kill();

    public virtual bool CanKill => true;

    public abstract IReadOnlyList<BarKey> BarKeys { get; }

    /// <summary>A bar entry for one of the pane's letters; a click runs what the key does.</summary>
    protected BarKey Letter(char key, string label) => new(key.ToString(), label, () => OnKey((Key)key, Current));

    /// <summary>"  filter 'x'  sort NAME▲" for a header line.</summary>
    protected string FilterAndSort()
    {
        string filter = FilterText.Length > 0 ? $"  filter '{SafeText.Sanitize(FilterText, 30)}'" : "";
        string sort = Current.SortLabel.Length > 0 ? "  sort " + Current.SortLabel : "";
        return filter + sort;
    }

    public void Inform(string title, string message)
    {
        using var dialog = Dialogs.Message(Context.Theme, title, 70, [(SafeText.Sanitize(message), null)], "_OK");
        Context.Modals.Run(dialog);
    }
}
