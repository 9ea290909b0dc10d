namespace VpsTop.Core.Traffic;

/// <summary>What one interface's capture lost since it opened (pcap_stats): <paramref name="Dropped"/> by the kernel
/// because the capture buffer was full (ps_drop), <paramref name="InterfaceDropped"/> by the interface or driver before
/// capture (ps_ifdrop). Non-zero means the numbers are lower bounds: the pane says "capture dropped N packets".</summary>
public readonly record struct CaptureDrops(string Interface, long Dropped, long InterfaceDropped);
