#!/usr/bin/env python3
"""The auth row of the benchmark: per-IP failure summary of a ~1 GB auth.log, `vpstop auth --summary` (text and
--json) against the grep|awk|sort|uniq pipeline every incident write-up uses, on the same file in the same run.

The file comes from gen_authlog.py (fixed seed) and is deleted afterwards. Each command runs once to warm the page
cache, then `runs` times alternately; wall is the median, CPU (user+sys, the pipeline's processes summed) and max
RSS (the largest process) are from wait4. Both tools are then checked against the counts the generator wrote down:
the pipeline counts "Failed password" lines, vpstop counts failures (repeats, publickey, max attempts, refusals).
"""
import json, os, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
PIPELINE = "grep \"Failed password\" \"$0\" | awk '{print $(NF-3)}' | sort | uniq -c | sort -nr"


def measure(cmd, out_path=None):
    """One run: (wall s, CPU s, max RSS KB) of cmd and everything it waited for."""
    out = open(out_path, "wb") if out_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if out_path:
            out.close()
    if p.returncode != 0:
        sys.exit(f"bench auth: {cmd[0]} exited {p.returncode}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def check(log, pipeline_out, vpstop_json, top=10):
    """Both tools against the generator's truth for the top IPs; returns (ok, text)."""
    with open(log + ".truth.json") as f:
        truth = {t["ip"]: t for t in json.load(f)["top"]}
    piped = {}
    with open(pipeline_out) as f:
        for line in f:
            count, ip = line.split(None, 1)
            piped[ip.strip()] = int(count)
    with open(vpstop_json) as f:
        summary = {s["ip"]: s["failures"] for s in json.load(f)}
    wanted = sorted(truth.values(), key=lambda t: -t["failures"])[:top]
    bad = [t["ip"] for t in wanted
           if piped.get(t["ip"]) != t["failedPasswordLines"] or summary.get(t["ip"]) != t["failures"]]
    pipe_top = sorted(piped, key=lambda ip: -piped[ip])[:top]
    vp_top = sorted(summary, key=lambda ip: -summary[ip])[:top]
    junk = [ip for ip in piped if not any(c.isdigit() for c in ip)]
    text = (f"check: top {top} IPs — pipeline 'Failed password' lines and vpstop failures equal the generator's counts"
            f" for {top - len(bad)}/{top}{' (differ: ' + ', '.join(bad) + ')' if bad else ''};"
            f" same top-{top} order: {'yes' if pipe_top == vp_top else 'no'};"
            f" e.g. {wanted[0]['ip']}: pipeline {piped.get(wanted[0]['ip'])}, vpstop {summary.get(wanted[0]['ip'])};"
            f" pipeline rows that are not IPs (hostile user names): {', '.join(junk) or 'none'}")
    return not bad, text


def run(vpstop, mb=1024, runs=3, log="/tmp/vpstop-bench-auth.log"):
    rows = []
    print(f"auth: writing a {mb} MB auth.log ({log})", file=sys.stderr)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_authlog.py"), log, "--mb", str(mb)], check=True, stdout=sys.stderr)
    try:
        size_mb = os.path.getsize(log) / 1048576
        commands = {
            "vpstop auth --summary": [vpstop, "auth", "--summary", "--source", log],
            "vpstop auth --summary --json": [vpstop, "auth", "--summary", "--json", "--source", log],
            "grep | awk | sort | uniq -c | sort -nr": ["bash", "-o", "pipefail", "-c", PIPELINE, log],
        }
        outputs = {label: f"{log}.{i}.out" for i, label in enumerate(commands)}
        results = {label: [] for label in commands}
        for label, cmd in commands.items():
            measure(cmd, outputs[label])  # warm-up; its output is what the check reads
        for _ in range(runs):
            for label, cmd in commands.items():
                results[label].append(measure(cmd))
        ok, text = check(log, outputs["grep | awk | sort | uniq -c | sort -nr"], outputs["vpstop auth --summary --json"])
        print(text, file=sys.stderr)
        med = {label: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), max(r[2] for r in rs))
               for label, rs in results.items()}
        p_wall, p_cpu, p_rss = med["grep | awk | sort | uniq -c | sort -nr"]
        for label, (wall, cpu, rss) in med.items():
            rows.append((f"auth.log summary per IP, {size_mb:.0f} MB", label.replace("|", "\\|"),
                         f"{wall:.2f} s wall, {cpu:.2f} s CPU, {rss / 1024:.0f} MB max RSS",
                         f"{wall / p_wall:.2f}× wall, {cpu / p_cpu:.2f}× CPU of the pipeline"))
        rows.append((f"auth.log summary per IP, {size_mb:.0f} MB", "check", text.removeprefix("check: "), "ok" if ok else "MISMATCH"))
        for path in outputs.values():
            os.remove(path)
    finally:
        for path in (log, log + ".truth.json"):
            if os.path.exists(path):
                os.remove(path)
    return rows
