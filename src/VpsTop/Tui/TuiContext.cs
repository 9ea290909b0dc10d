using VpsTop.Core.Actions;
using VpsTop.Core.Processes;

namespace VpsTop.Tui;

/// <summary>What every pane needs besides its own snapshot: the theme, the modal runner and the actions.</summary>
public sealed record TuiContext(Theme Theme, IModalRunner Modals, IProcessInspector Inspector, IProcessKiller Killer);
