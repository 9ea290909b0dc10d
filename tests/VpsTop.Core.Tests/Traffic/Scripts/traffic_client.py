# Test client run in the host namespace: one transfer of a known size, then exit.
# argv: tcp|udp up|down HOST BYTES [PACE_SECONDS] [HOLD_SECONDS]
# PACE_SECONDS spreads the transfer over about that long, as a real link would, instead of the veth's 10 Gbit/s.
# HOLD_SECONDS keeps a TCP connection open that long after the transfer, so a sampler of the kernel's socket table
# sees its final counters while the socket still has an owner.
import socket, sys, time

proto, way, host, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
pace = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
hold = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
family = socket.AF_INET6 if ":" in host else socket.AF_INET
if proto == "tcp":
    c = socket.create_connection((host, 5001))
    if way == "up":
        c.sendall(b"up %d\n" % n)
        chunk = 1 << 16
        chunks = max(1, n // chunk)
        sent = 0
        while sent < n:
            k = min(chunk, n - sent)
            c.sendall(b"u" * k)
            sent += k
            if pace:
                time.sleep(pace / chunks)
        assert c.recv(3) == b"ok\n"
    else:
        c.sendall(b"down %d\n" % n)
        got = 0
        while True:
            d = c.recv(1 << 16)
            if not d:
                break
            got += len(d)
            if pace:
                time.sleep(pace * len(d) / n)
        assert got == n, got
    time.sleep(hold)
    c.close()
else:
    u = socket.socket(family, socket.SOCK_DGRAM)
    u.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    u.connect((host, 5002))
    if way == "up":
        total = n
        while n > 0:
            k = min(1400, n)
            u.send(b"u" * k)
            n -= k
            if pace:
                time.sleep(pace * k / total)
    else:
        u.send(b"down %d" % n)
        u.settimeout(0.5)
        try:
            while True:
                u.recv(65535)
        except socket.timeout:
            pass
