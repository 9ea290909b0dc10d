using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace VpsTop.Core.Tests.Support;

/// <summary>
/// A stand-in for rsyslog's imuxsock + traditional file format: a unix datagram socket that syslog(3) clients send
/// to, and a file where each message becomes "Mmm dd hh:mm:ss HOST tag[pid]: message", stamped at reception in
/// local time (rsyslog's default for the local socket), written and flushed one line at a time.
/// </summary>
public sealed class SyslogReceiver : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly FileStream _file;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public SyslogReceiver(string socketPath, string logPath, string host)
    {
        SocketPath = socketPath;
        LogPath = logPath;
        Host = host;
        _socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        // sshd's privilege-separated children log through their root monitor, but anyone may send to /dev/log
        File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
        _socket.ReceiveTimeout = 200;
        _file = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _thread = new Thread(Receive) { IsBackground = true, Name = "syslog receiver" };
        _thread.Start();
    }

    public string SocketPath { get; }
    public string LogPath { get; }
    public string Host { get; }
    public int Received { get; private set; }

    private void Receive()
    {
        var buffer = new byte[8192];
        while (!_stopping)
        {
            int n;
            try { n = _socket.Receive(buffer); }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock) { continue; }
            catch (ObjectDisposedException) { return; }
            DateTime now = DateTime.Now;
            string line = Format(Encoding.UTF8.GetString(buffer, 0, n), now, Host);
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
            lock (_file)
            {
                _file.Write(bytes);
                _file.Flush();
                Received++;
            }
        }
    }

    /// <summary>"&lt;38&gt;Nov 29 00:35:01 sshd[12]: text" (what glibc sends) → "Nov 29 00:35:01 HOST sshd[12]: text".</summary>
    public static string Format(string datagram, DateTime received, string host)
    {
        string rest = datagram.TrimEnd('\n', '\0');
        if (rest.StartsWith('<') && rest.IndexOf('>') is > 0 and var close) rest = rest[(close + 1)..];
        // the sender's own stamp is replaced by the reception time, as imuxsock does by default
        if (rest.Length > 16 && rest[3] == ' ' && rest[6] == ' ' && rest[9] == ':' && rest[12] == ':' && rest[15] == ' ') rest = rest[16..];
        string stamp = string.Create(CultureInfo.InvariantCulture, $"{received:MMM} {received.Day,2} {received:HH:mm:ss}");
        return $"{stamp} {host} {rest}";
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(2000);
        _socket.Dispose();
        lock (_file) _file.Dispose();
        File.Delete(SocketPath);
    }
}
