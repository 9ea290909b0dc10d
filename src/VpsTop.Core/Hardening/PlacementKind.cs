namespace VpsTop.Core.Hardening;

public enum PlacementKind
{
    /// <summary>Written to the managed early drop-in, read before every other line that sets the keyword.</summary>
    DropIn,
    /// <summary>The first global line that sets the keyword (the one sshd uses) got the new value.</summary>
    EditedFirstGlobal,
    /// <summary>New line in the main file just before its first Match block (appending would land inside it).</summary>
    InsertedBeforeMatch,
    /// <summary>New line at the end of a main file that has no Match block.</summary>
    Appended,
}
