#!/usr/bin/env python3
"""VpsTop side by side with the peer tools, in one run, on this machine. Prints a Markdown table of
absolute numbers and ratios (VpsTop / peer; below 1 is better for VpsTop).

  socket table : `vpstop connections` vs `ss -tunap` and `netstat -tunap` with ~10,000 sockets open
  TUI idle     : `vpstop` vs `htop` in a 120x40 tmux at a 1 s refresh: CPU, resident memory,
                 bytes written to the terminal per second, process start to first frame
  capture      : `vpstop bandwidth` vs `nethogs` and `tcpdump -s 96` on a veth into the benchmark's own namespace,
                 one TCP stream and a 64-byte UDP flood from iperf3: CPU seconds per GB, drops (capture_bench.py)
  auth         : `vpstop auth --summary [--json]` vs `grep "Failed password" | awk | sort | uniq -c | sort -nr` on a
                 generated ~1 GB auth.log: wall, CPU, max RSS, and both checked against the generator (auth_bench.py)

Positional arguments pick sections (idle, capture, sockets, auth); none means all.

Only loopback sockets are created. Needs root (to see every owner, as the peers do), tmux, ss, netstat, htop.
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_many(cmd, runs):
    """Median wall seconds and mean CPU seconds (user+sys of the child) over `runs` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(walls), statistics.mean(cpus)


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def tui_idle(name, cmd, marker, seconds):
    """Start `cmd` in a detached 120x40 tmux session; measure first frame, then CPU, RSS and output bytes."""
    session = f"bench-{name}-{os.getpid()}"
    out = f"/tmp/{session}.bytes"
    env_cmd = "env TERM=xterm-256color " + cmd
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", env_cmd)
    try:
        tmux("pipe-pane", "-t", session, "-o", f"cat > {out}")
        first_frame = None
        while time.perf_counter() - t0 < 20:
            if marker in tmux("capture-pane", "-p", "-t", session):
                first_frame = time.perf_counter() - t0
                break
            time.sleep(0.005)
        pid = int(tmux("display", "-p", "-t", session, "#{pane_pid}").strip())
        time.sleep(3)  # settle: startup work is not idle cost
        cpu0, bytes0, w0 = proc_cpu_seconds(pid), os.path.getsize(out), time.perf_counter()
        time.sleep(seconds)
        cpu1, bytes1, w1 = proc_cpu_seconds(pid), os.path.getsize(out), time.perf_counter()
        rss = proc_rss_kb(pid)
        return {
            "first_frame_ms": None if first_frame is None else first_frame * 1000,
            "cpu_pct": 100 * (cpu1 - cpu0) / (w1 - w0),
            "rss_mb": rss / 1024,
            "bytes_per_s": (bytes1 - bytes0) / (w1 - w0),
        }
    finally:
        tmux("kill-session", "-t", session)
        if os.path.exists(out):
            os.remove(out)


def ratio(a, b):
    return "n/a" if not b else f"{a / b:.2f}×"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vpstop", default=shutil.which("vpstop") or os.path.join(HERE, "..", "artifacts", "aot", "vpstop"))
    ap.add_argument("--sockets", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--idle-seconds", type=int, default=20)
    ap.add_argument("--capture-seconds", type=int, default=10)
    ap.add_argument("--auth-mb", type=int, default=1024)
    ap.add_argument("sections", nargs="*", metavar="idle|capture|sockets|auth", help="sections to run (default: all)")
    args = ap.parse_args()
    sections = ["idle", "capture", "sockets", "auth"]
    if unknown := [x for x in args.sections if x not in sections]:
        ap.error(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(sections)}")
    wanted = set(args.sections or sections)
    vpstop = os.path.abspath(args.vpstop)
    if not os.access(vpstop, os.X_OK):
        sys.exit(f"bench: no vpstop binary at {vpstop} (build it: dotnet publish src/VpsTop -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot)")
    for tool in ("ss", "netstat", "htop", "tmux") if wanted & {"idle", "sockets"} else ():
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (apt-get install iproute2 net-tools htop tmux)")

    rows = []
    # Idle first: the socket benchmark leaves thousands of TIME_WAIT sockets behind for a minute,
    # and an idle monitor should be measured on a quiet machine.
    if "idle" in wanted:
        rows.extend(idle_rows(vpstop, args))
    # Capture before the socket table: that benchmark leaves thousands of TIME_WAIT sockets for a minute, which the
    # bandwidth collector would then read every second.
    if "capture" in wanted:
        import capture_bench
        print(f"capture: {args.capture_seconds} s of iperf3 per monitor and traffic kind", file=sys.stderr)
        rows.extend(capture_bench.run(vpstop, args.capture_seconds))
    if "sockets" in wanted:
        rows.extend(socket_rows(vpstop, args))
    if "auth" in wanted:
        import auth_bench
        rows.extend(auth_bench.run(vpstop, args.auth_mb))

    print("| benchmark | measure | result | ratio |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


def idle_rows(vpstop, args):
    rows = []
    quiet = sum(1 for _ in subprocess.run(["ss", "-tunaH"], capture_output=True, text=True).stdout.splitlines())
    print(f"TUI idle: {quiet} TCP/UDP sockets on the machine, {args.idle_seconds} s each", file=sys.stderr)
    v = tui_idle("vpstop", f"{vpstop} --refresh 1", "Connections", args.idle_seconds)
    h = tui_idle("htop", "htop -d 10", "Load average", args.idle_seconds)
    for key, label, fmt in (
        ("cpu_pct", "idle CPU (% of a core)", "{:.2f} %"),
        ("rss_mb", "resident memory", "{:.1f} MB"),
        ("bytes_per_s", "terminal output", "{:.0f} B/s"),
        ("first_frame_ms", "start to first frame", "{:.0f} ms"),
    ):
        vv, hv = v[key], h[key]
        rows.append(("TUI idle, 120×40, 1 s refresh", label,
                     f"vpstop {fmt.format(vv) if vv is not None else 'n/a'}, htop {fmt.format(hv) if hv is not None else 'n/a'}",
                     f"{ratio(vv, hv)} of htop" if vv is not None and hv else "n/a"))
    return rows


def socket_rows(vpstop, args):
    rows = []
    holder = subprocess.Popen([sys.executable, os.path.join(HERE, "hold_sockets.py"), str(args.sockets)], stdout=subprocess.PIPE, text=True)
    try:
        ready = holder.stdout.readline().split()
        count = int(ready[1])
        total = sum(1 for _ in subprocess.run(["ss", "-tunaH"], capture_output=True, text=True).stdout.splitlines())
        print(f"socket table: {count} sockets held by the benchmark, {total} TCP/UDP sockets on the machine; {args.runs} runs each", file=sys.stderr)
        results = {}
        for label, cmd in (
            ("vpstop connections", [vpstop, "connections"]),
            ("vpstop connections --json", [vpstop, "connections", "--json"]),
            ("ss -tunap", ["ss", "-tunap"]),
            ("netstat -tunap", ["netstat", "-tunap"]),
        ):
            run_many(cmd, 2)
            results[label] = run_many(cmd, args.runs)
        ss_wall, ss_cpu = results["ss -tunap"]
        ns_wall, ns_cpu = results["netstat -tunap"]
        for label, (wall, cpu) in results.items():
            rows.append((f"socket table, {total} sockets", label, f"{wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU",
                         f"{ratio(wall, ss_wall)} of ss, {ratio(wall, ns_wall)} of netstat"))
    finally:
        holder.kill()
        holder.wait()
    return rows


if __name__ == "__main__":
    main()
