using Terminal.Gui.Drawing;
using VpsTop.Core.Sockets;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace VpsTop.Tui;

/// <summary>
/// Every colour VpsTop uses, in one place. With NO_COLOR the window uses the terminal's own colours
/// (Color.None) and the accent schemes are null, so nothing is coloured: states and warnings are words,
/// and the selection is reverse video.
/// </summary>
public sealed class Theme
{
    private Theme(bool noColor)
    {
        NoColor = noColor;
        if (noColor)
        {
            var plain = new Attribute(Color.None, Color.None);
            var reverse = new Attribute(Color.None, Color.None, TextStyle.Reverse);
            Base = new Scheme(plain) { Focus = reverse, HotFocus = reverse, Active = reverse, HotActive = reverse, Highlight = reverse };
            return;
        }
        Good = new Scheme(new Attribute(Color.BrightGreen, Color.Black));
        Info = new Scheme(new Attribute(Color.BrightCyan, Color.Black));
        Warn = new Scheme(new Attribute(Color.BrightYellow, Color.Black));
        Danger = new Scheme(new Attribute(Color.BrightRed, Color.Black));
        Dim = new Scheme(new Attribute(Color.Gray, Color.Black));
    }

    public static Theme Create(bool noColor) => new(noColor);

    public bool NoColor { get; }

    /// <summary>Applied to the main window and dialogs when colour is off; null keeps Terminal.Gui's defaults.</summary>
    public Scheme? Base { get; }

    public Scheme? Good { get; }
    public Scheme? Info { get; }
    public Scheme? Warn { get; }
    public Scheme? Danger { get; }
    public Scheme? Dim { get; }

    /// <summary>Colour of a state cell: the states that matter during an incident stand out.</summary>
    public Scheme? ForState(SocketState state) => state switch
    {
        SocketState.Established => Good,
        SocketState.Listen => Info,
        SocketState.SynRecv or SocketState.NewSynRecv => Danger,
        SocketState.CloseWait or SocketState.LastAck or SocketState.FinWait1 or SocketState.FinWait2 or SocketState.Closing => Warn,
        SocketState.TimeWait => Dim,
        _ => null,
    };
}
