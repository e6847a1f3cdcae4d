#!/usr/bin/python3
"""Table benchmark: our conntrack against the reference and the kernel's
limit (bench/ctprobe), side by side in one run, in a scratch network
namespace holding N entries (default 1,000,000; half tcp, half udp, half
IPv4, half IPv6, destination port 80 or 443).

    bench/table_bench.py [-n N] [-r ROUNDS]

For every command, the rounds alternate ours / reference / probe and the
medians are printed with the ratios ours/reference and ours/limit and the
peak RSS. Needs root; restores nf_conntrack_max and removes the namespace
even on failure."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
OURS = os.environ.get("CT_OURS", str(TOP / "build/src/conntrack/conntrack"))
REF = os.environ.get("CT_REF", "/usr/sbin/conntrack")
PROBE = str(TOP / "build/bench/ctprobe")
MAX = Path("/proc/sys/net/netfilter/nf_conntrack_max")


def run(ns, argv, stdin=None, out=subprocess.DEVNULL):
    """Run argv in ns; return (seconds, peak RSS in KiB, exit status)."""
    t = ["/usr/bin/time", "-f", "%e %M", "ip", "netns", "exec", ns] + argv
    with tempfile.TemporaryFile() as err:
        p = subprocess.run(t, stdin=stdin, stdout=out, stderr=err)
        err.seek(0)
        last = err.read().decode().strip().splitlines()[-1].split()
    return float(last[0]), int(last[1]), p.returncode


def load(ns, n):
    subprocess.run(["ip", "netns", "exec", ns, REF, "-F"], capture_output=True)
    r = subprocess.run(["ip", "netns", "exec", ns, PROBE, "insert", str(n)],
                       capture_output=True, text=True, check=True)
    if int(r.stdout) != n:
        sys.exit(f"table_bench: loaded {r.stdout.strip()} of {n} entries")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1_000_000)
    ap.add_argument("-r", "--rounds", type=int, default=3)
    a = ap.parse_args()
    ns = f"ctbench{os.getpid()}"
    old_max = MAX.read_text()
    work = Path(tempfile.mkdtemp())
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        MAX.write_text(str(max(int(old_max), a.n * 2 + 1000)))
        load(ns, a.n)
        save = work / "save.txt"
        with open(save, "wb") as f:
            subprocess.run(["ip", "netns", "exec", ns, REF, "-L", "-o", "save"],
                           stdout=f, stderr=subprocess.DEVNULL, check=True)
        # label, argv, reload before each run?, probe equivalent
        cases = [
            ("-L", ["-L"], False, ["dump"]),
            ("-L -o extended", ["-L", "-o", "extended"], False, ["dump"]),
            ("-L -o xml", ["-L", "-o", "xml"], False, ["dump"]),
            ("-L -o json", ["-L", "-o", "json"], False, ["dump"]),
            ("-L -p tcp --dport 80", ["-L", "-p", "tcp", "--dport", "80"], False, None),
            ("-C", ["-C"], False, None),
            ("-D -p tcp --dport 80", ["-D", "-p", "tcp", "--dport", "80"], True, None),
            ("-U -p tcp --dport 80 -m 1", ["-U", "-p", "tcp", "--dport", "80", "-m", "1"], True, None),
            ("-F", ["-F"], True, None),
            (f"-R ({a.n} lines)", ["-R", str(save)], "empty", ["insert", str(a.n)]),
        ]
        print(f"# {a.n} entries, {a.rounds} rounds, medians; "
              f"{os.uname().release}, {os.cpu_count()} cores")
        print(f"{'command':28} {'ours s':>8} {'ref s':>8} {'limit s':>8} "
              f"{'ours/ref':>9} {'ours/limit':>10} {'ours RSS MiB':>12} {'ref RSS MiB':>11}")
        for label, argv, reload, probe in cases:
            if label == "-L -o json":
                sides = [("ours", OURS)]
            else:
                sides = [("ours", OURS), ("ref", REF)]
            if probe:
                sides.append(("limit", None))
            times = {s: [] for s, _ in sides}
            rss = {s: [] for s, _ in sides}
            for _ in range(a.rounds):
                for side, binary in sides:
                    if reload == "empty":
                        subprocess.run(["ip", "netns", "exec", ns, REF, "-F"],
                                       capture_output=True)
                    elif reload:
                        load(ns, a.n)
                    cmd = [PROBE] + probe if binary is None else [binary] + argv
                    t, m, rc = run(ns, cmd)
                    times[side].append(t)
                    rss[side].append(m / 1024)
            if reload:
                load(ns, a.n)
            med = {s: statistics.median(v) for s, v in times.items()}
            o, r, l = med.get("ours"), med.get("ref"), med.get("limit")
            fmt = lambda v: f"{v:8.2f}" if v is not None else f"{'-':>8}"
            ratio = lambda x, y: f"{x / y:.2f}x" if x and y else "-"
            print(f"{label:28} {fmt(o)} {fmt(r)} {fmt(l)} {ratio(o, r):>9} "
                  f"{ratio(o, l):>10} {max(rss['ours']):12.1f} "
                  f"{(max(rss['ref']) if 'ref' in rss else 0):11.1f}")
            sys.stdout.flush()
    finally:
        subprocess.run(["ip", "netns", "del", ns])
        MAX.write_text(old_max)
        for p in work.iterdir():
            p.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
