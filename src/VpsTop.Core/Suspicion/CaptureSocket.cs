namespace VpsTop.Core.Suspicion;

/// <summary>A packet (AF_PACKET) or raw IP socket: what sniffers and BPF backdoors open.</summary>
/// <param name="Inode">Socket inode, the key into the fd map.</param>
/// <param name="Description">In words, e.g. "packet socket (protocol 0x0003, all interfaces)".</param>
public readonly record struct CaptureSocket(ulong Inode, string Description);
