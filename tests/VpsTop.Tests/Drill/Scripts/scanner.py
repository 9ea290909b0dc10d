# The second dropped binary: fans out connections to many ports of HOST (a scan of a filtered host: the SYNs get no
# answer), 40 at a time, over and over.
# argv: HOST FIRST_PORT LAST_PORT
import socket, sys, time

host, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ports = list(range(first, last + 1))
while True:
    for i in range(0, len(ports), 40):
        batch = []
        for port in ports[i:i + 40]:
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex((host, port))
            batch.append(s)
        time.sleep(0.5)
        for s in batch:
            s.close()
