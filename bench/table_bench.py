#!/usr/bin/python3
"""Table benchmark: our conntrack against the reference and the kernel's
limit (bench/ctprobe), side by side in one run, in a scratch network
namespace holding N entries (default 1,000,000; half tcp, half udp, half
IPv4, half IPv6, destination port 80 or 443).

    bench/table_bench.py [-n N] [-r ROUNDS] [--check]

For every command, the rounds alternate ours / reference / probe and the
medians are printed with the ratios ours/reference and ours/limit and the
peak RSS. The last row is -E during a burst of N new connections (ours
and the reference listening side by side with -b 256M): events shown /
events generated. --check (what CI runs, with a small N) also fails when
a command of ours fails or a -R load or -E misses entries. Needs root;
restores nf_conntrack_max and removes the namespaces even on failure."""

import argparse
import os
import platform
import signal
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
BURST = str(TOP / "build/bench/udp_burst")
MAX = Path("/proc/sys/net/netfilter/nf_conntrack_max")


def run(ns, argv, stdin=None, out=subprocess.DEVNULL):
    """Run argv in ns; return (seconds, peak RSS in KiB, exit status)."""
    t = ["/usr/bin/time", "-f", "%e %M", "ip", "netns", "exec", ns] + argv
    with tempfile.TemporaryFile() as err:
        p = subprocess.run(t, stdin=stdin, stdout=out, stderr=err)
        err.seek(0)
        last = err.read().decode().strip().splitlines()[-1].split()
    return float(last[0]), int(last[1]), p.returncode


def count(ns):
    r = subprocess.run(["ip", "netns", "exec", ns, REF, "-C"],
                       capture_output=True, text=True, check=True)
    return int(r.stdout)


def load(ns, n):
    subprocess.run(["ip", "netns", "exec", ns, REF, "-F"], capture_output=True)
    r = subprocess.run(["ip", "netns", "exec", ns, PROBE, "insert", str(n)],
                       capture_output=True, text=True, check=True)
    if int(r.stdout) != n:
        sys.exit(f"table_bench: loaded {r.stdout.strip()} of {n} entries")


def tcp80(n):
    """How many of ctprobe's first n entries are tcp to port 80: entry i
    is tcp when i is odd, to port 80 when i % 8 < 4."""
    return n // 8 * 2 + (n % 8 > 1) + (n % 8 > 3)


def machine():
    model = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().split()[1]
    ref = subprocess.run([REF, "-V"], capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} x {model}, {int(mem) // 1024 // 1024} GiB, "
            f"Linux {platform.release()}, reference: {ref}")


def burst(n, check):
    """-E -e NEW -b 256M, ours and the reference side by side, during a
    burst of n new UDP connections in a namespace of their own."""
    ns = f"ctburst{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    procs = []
    try:
        subprocess.run(["ip", "-n", ns, "link", "set", "lo", "up"], check=True)
        rule = ("table inet ctbench {\n chain out {\n  type filter hook output "
                "priority 0;\n  ct state new counter\n }\n}\n")
        subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"],
                       input=rule, text=True, check=True)
        outs = []
        for binary in (OURS, REF):
            out = tempfile.TemporaryFile()
            outs.append(out)
            procs.append(subprocess.Popen(
                ["ip", "netns", "exec", ns, binary, "-E", "-e", "NEW",
                 "-b", "268435456"], stdout=out, stderr=subprocess.DEVNULL))
        time.sleep(1)
        r = subprocess.run(["ip", "netns", "exec", ns, BURST, str(n)],
                           capture_output=True, text=True, check=True)
        made = int(r.stdout)
        time.sleep(3)
        shown = []
        for p, out in zip(procs, outs):
            p.send_signal(signal.SIGINT)
            p.wait(timeout=30)
            out.seek(0)
            shown.append(sum(1 for _ in out))
        procs = []
    finally:
        for p in procs:
            p.kill()
        subprocess.run(["ip", "netns", "del", ns])
    print(f"{'-E -e NEW -b 256M, burst':28} events shown: ours {shown[0]} of "
          f"{made} ({shown[0] / made:.2%}), reference {shown[1]} "
          f"({shown[1] / made:.2%})")
    if check and shown[0] != made:
        sys.exit(f"table_bench: -E showed {shown[0]} of {made} events")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1_000_000)
    ap.add_argument("-r", "--rounds", type=int, default=3)
    ap.add_argument("--check", action="store_true",
                    help="fail when one of our commands fails (for CI)")
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
        # label, argv, reload before each run?, probe equivalent, entries
        # left afterwards (for --check)
        cases = [
            ("-L", ["-L"], False, ["dump"], a.n),
            ("-L -o extended", ["-L", "-o", "extended"], False, ["dump"], a.n),
            ("-L -o xml", ["-L", "-o", "xml"], False, ["dump"], a.n),
            ("-L -o json", ["-L", "-o", "json"], False, ["dump"], a.n),
            ("-L -p tcp --dport 80", ["-L", "-p", "tcp", "--dport", "80"], False, None, a.n),
            ("-C", ["-C"], False, None, a.n),
            ("-D -p tcp --dport 80", ["-D", "-p", "tcp", "--dport", "80"], True, None,
             a.n - tcp80(a.n)),
            ("-U -p tcp --dport 80 -m 1", ["-U", "-p", "tcp", "--dport", "80", "-m", "1"], True, None, a.n),
            ("-F", ["-F"], True, None, 0),
            (f"-R ({a.n} lines)", ["-R", str(save)], "empty", ["insert", str(a.n)], a.n),
        ]
        print(f"# {a.n} entries, {a.rounds} rounds, medians; {machine()}")
        print(f"{'command':28} {'ours s':>8} {'ref s':>8} {'limit s':>8} "
              f"{'ours/ref':>9} {'ours/limit':>10} {'ours RSS MiB':>12} {'ref RSS MiB':>11}")
        for label, argv, reload, probe, left in cases:
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
                    if a.check and side == "ours":
                        if rc != 0:
                            sys.exit(f"table_bench: ours {label}: exit {rc}")
                        if count(ns) != left:
                            sys.exit(f"table_bench: ours {label}: {count(ns)} "
                                     f"entries left, {left} expected")
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
        subprocess.run(["ip", "netns", "del", ns])
        ns = None
        burst(a.n, a.check)
    finally:
        if ns:
            subprocess.run(["ip", "netns", "del", ns])
        MAX.write_text(old_max)
        for p in work.iterdir():
            p.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
