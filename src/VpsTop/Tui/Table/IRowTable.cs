using Terminal.Gui.Views;

namespace VpsTop.Tui.Table;

/// <summary>What a pane does with its current table whatever its rows are: search, sort, and the selected row's text.</summary>
public interface IRowTable
{
    TableView View { get; }
    string SortLabel { get; }
    int Count { get; }
    bool SearchNext(string text);
    void ChooseSort(TuiContext context);
    void ReverseSort();
    void Reshow();
    string SelectedText();

    event Action? Redrawn;
}
