#!/usr/bin/env python3
"""Writes a large, realistic BSD-syslog auth.log for the auth benchmark, deterministically (fixed seed).

  gen_authlog.py OUT [--mb 1024] [--ips 100000] [--seed 4]

Every sshd family the parser knows shows up, in the proportions a public VPS sees: password and publickey
failures, invalid users (with the "Failed … for invalid user" after them), preauth closes and disconnects, PAM
lines, max attempts, Unable to negotiate, banner garbage, timeouts, "message repeated N times", accepted logins
with their sessions, and other programs' lines (CRON, systemd-logind) in between. Attackers are ~100,000 IPv4 and
IPv6 addresses with a heavy-tailed share of the traffic; some user names are hostile (spaces, "from IP port N",
the text "Failed password" itself).

Also writes OUT.truth.json: per attacker IP, the number of "Failed password" lines (what the grep|awk pipeline
counts) and the number of failures as vpstop counts them (Failed lines times their repeat count, plus max-attempts
and refusals), so the benchmark can check both tools against what was written rather than against each other.
"""
import argparse, bisect, json, os, random

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
USERS = ["root"] * 12 + ["admin", "ubuntu", "test", "user", "oracle", "postgres", "git", "ftpuser", "pi", "guest",
                         "deploy", "jenkins", "hadoop", "minecraft", "support", "default", "debian", "centos"]
VALID = ["root", "deploy", "git"]  # users that exist: their failures say "for X", not "for invalid user X"
HOSTILE = ["x from 10.9.9.9 port 1", "Failed password", "a b c", "root\\x1b[2J", "-oProxyCommand=x", "{}()&&$(id)"]
HOSTS = ["vps1", "web-01.example.net", "db2"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=int, default=1024)
    ap.add_argument("--ips", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()
    rnd = random.Random(args.seed)

    ips = []
    for i in range(args.ips):
        if i % 10 == 9:  # a tenth IPv6, a few sharing a /64 (one /64 sprayer rotating addresses)
            net = rnd.randrange(1, 2000)
            ips.append(f"2001:db8:{net:x}:{rnd.randrange(16):x}::{rnd.randrange(1, 0xffff):x}")
        else:
            ips.append(f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}")
    ips = list(dict.fromkeys(ips))
    # heavy tail: IP k gets weight 1/(k+1)^0.9, so the top IPs are far apart and the tail is long
    cum, total = [], 0.0
    for k in range(len(ips)):
        total += 1.0 / (k + 1) ** 0.9
        cum.append(total)
    admin_ips = ["198.51.100.7", "2001:db8:ffff::10"]

    target = args.mb * 1024 * 1024
    est_lines = target // 115
    seconds = 27 * 86400  # Nov 1 .. Nov 28 of the year the file's mtime says
    pw_lines, failures = {}, {}
    buf, written, n, pid = [], 0, 0, 20000

    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        def stamp():
            t = min(n * seconds // est_lines, seconds - 1)
            d, r = divmod(t, 86400)
            return f"Nov {d + 1:2d} {r // 3600:02d}:{r // 60 % 60:02d}:{r % 60:02d} {HOSTS[d % 3 if d % 7 == 0 else 0]}"

        def emit(prog, msg):
            nonlocal n
            buf.append(f"{stamp()} {prog}: {msg}\n")
            n += 1

        def fail(ip, weight, pw):
            failures[ip] = failures.get(ip, 0) + weight
            if pw:
                pw_lines[ip] = pw_lines.get(ip, 0) + 1

        while written < target:
            for _ in range(2000):
                pid = pid + rnd.randrange(1, 7) if pid < 4_000_000 else 20000
                sshd = f"sshd[{pid}]"
                ip = ips[bisect.bisect_left(cum, rnd.random() * total)]
                port = rnd.randrange(1024, 65536)
                roll = rnd.random()
                if roll < 0.30:  # password guesses on an existing or a made-up user, with PAM's lines
                    user = rnd.choice(USERS)
                    tries = rnd.randrange(1, 4)
                    if user in VALID:
                        for _ in range(tries):
                            emit(sshd, f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}")
                            emit(sshd, f"Failed password for {user} from {ip} port {port} ssh2")
                            fail(ip, 1, True)
                    else:
                        emit(sshd, f"Invalid user {user} from {ip} port {port}")
                        emit(sshd, "pam_unix(sshd:auth): check pass; user unknown")
                        for _ in range(tries):
                            emit(sshd, f"Failed password for invalid user {user} from {ip} port {port} ssh2")
                            fail(ip, 1, True)
                    emit(sshd, f"Connection closed by {'authenticating' if user in VALID else 'invalid'} user {user} {ip} port {port} [preauth]")
                elif roll < 0.42:  # scanners: connect and drop
                    emit(sshd, f"Connection closed by {ip} port {port} [preauth]")
                elif roll < 0.50:
                    emit(sshd, f"Received disconnect from {ip} port {port}:11: Bye Bye [preauth]")
                    emit(sshd, f"Disconnected from {ip} port {port} [preauth]")
                elif roll < 0.56:  # publickey guesses
                    emit(sshd, f"Failed publickey for root from {ip} port {port} ssh2: RSA SHA256:{rnd.getrandbits(64):016x}AbCdEfGhIjKlMnOpQrStUv")
                    fail(ip, 1, False)
                    emit(sshd, f"Connection reset by authenticating user root {ip} port {port} [preauth]")
                elif roll < 0.62:  # the whole budget: six tries and out
                    for _ in range(6):
                        emit(sshd, f"Failed password for root from {ip} port {port} ssh2")
                        fail(ip, 1, True)
                    emit(sshd, f"error: maximum authentication attempts exceeded for root from {ip} port {port} ssh2 [preauth]")
                    fail(ip, 1, False)
                    emit(sshd, f"Disconnecting authenticating user root {ip} port {port}: Too many authentication failures [preauth]")
                    fail(ip, 1, False)
                    emit(sshd, f"PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user=root")
                elif roll < 0.66:  # rsyslog folded identical lines
                    k = rnd.randrange(2, 9)
                    emit(sshd, f"Failed password for root from {ip} port {port} ssh2")
                    emit(sshd, f"message repeated {k} times: [ Failed password for root from {ip} port {port} ssh2]")
                    fail(ip, 1, True)
                    fail(ip, k, True)
                elif roll < 0.71:
                    emit(sshd, f"Unable to negotiate with {ip} port {port}: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]")
                elif roll < 0.74:
                    emit(sshd, f"banner exchange: Connection from {ip} port {port}: invalid format")
                elif roll < 0.76:
                    emit(sshd, f"fatal: Timeout before authentication for {ip} port {port}")
                elif roll < 0.77:  # hostile names: the pipeline's awk field is not always an IP
                    user = rnd.choice(HOSTILE)
                    emit(sshd, f"Invalid user {user} from {ip} port {port}")
                    emit(sshd, f"Failed password for invalid user {user} from {ip} port {port} ssh2")
                    fail(ip, 1, True)
                elif roll < 0.78:
                    emit(sshd, f"User root from {ip} not allowed because not listed in AllowUsers")
                    fail(ip, 1, False)
                elif roll < 0.80:  # the admin, by key and by password, with sessions
                    who = admin_ips[rnd.randrange(2)]
                    method = "publickey" if rnd.random() < 0.8 else "password"
                    tail = ": ED25519 SHA256:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG0" if method == "publickey" else ""
                    emit(sshd, f"Accepted {method} for deploy from {who} port {port} ssh2{tail}")
                    emit(sshd, "pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)")
                    emit("systemd-logind[612]", f"New session {pid % 9000} of user deploy.")
                    emit(sshd, f"Received disconnect from {who} port {port}:11: disconnected by user")
                    emit(sshd, f"Disconnected from user deploy {who} port {port}")
                    emit(sshd, "pam_unix(sshd:session): session closed for user deploy")
                else:  # the rest of the machine
                    emit(f"CRON[{pid}]", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
                    emit(f"CRON[{pid}]", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)")
                    emit(f"CRON[{pid}]", "pam_unix(cron:session): session closed for user root")
            chunk = "".join(buf)
            buf.clear()
            f.write(chunk)
            written += len(chunk.encode("utf-8")) if not chunk.isascii() else len(chunk)

    top = sorted(failures, key=lambda ip: -failures[ip])[:50]
    with open(args.out + ".truth.json", "w") as t:
        json.dump({"lines": n, "bytes": written, "ips": len(failures),
                   "top": [{"ip": ip, "failedPasswordLines": pw_lines.get(ip, 0), "failures": failures[ip]} for ip in top]}, t)
    print(f"{args.out}: {n} lines, {written / 1048576:.0f} MB, {len(failures)} attacking IPs")


if __name__ == "__main__":
    main()
