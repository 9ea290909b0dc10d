# The dropped binary's job: a steady upload to HOST:PORT at about RATE bytes per second, for ever.
# argv: HOST PORT RATE
import socket, sys, time

host, port, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = socket.create_connection((host, port))
chunk = b"x" * 8192
per_tick = max(1, rate // 20 // len(chunk))
while True:
    for _ in range(per_tick):
        c.sendall(chunk)
    time.sleep(0.05)
