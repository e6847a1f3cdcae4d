#!/usr/bin/python3
"""conntrackd cache benchmark: our daemon against the reference (Debian's
conntrackd 1.4.7), side by side in one run, in statistics mode on a
scratch network namespace holding N entries (default 1,000,000, loaded
with bench/ctprobe).

    bench/ctd_bench.py [-n N] [--check]

For each daemon: the time from start until its cache holds all N entries
(the initial dump), its resident memory then, the memory per cached entry
(against the same daemon started on an empty table), and the time of one
"-i" dump of the whole cache. Printed with the ratios ours/reference.
--check (what CI runs, with a small N) fails when a cache misses entries
or ours needs more than 200 bytes per entry. Needs root; restores
nf_conntrack_max and removes namespaces, daemons and files even on
failure.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
OURS = os.environ.get("CTD_OURS", str(TOP / "build/src/conntrackd/conntrackd"))
REF = os.environ.get("CTD_REF", "/usr/sbin/conntrackd")
PROBE = str(TOP / "build/bench/ctprobe")
MAX = Path("/proc/sys/net/netfilter/nf_conntrack_max")
TARGET_BYTES = 200

CONF = """General {{
	LockFile {dir}/{tag}.lock
	UNIX {{ Path {dir}/{tag}.sock }}
	HashSize {hashsize}
	HashLimit {limit}
}}
Stats {{
}}
"""


def rss_kib(pid):
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1))


class Daemon:
    def __init__(self, binary, ns, d, tag, n):
        self.binary, self.ns, self.tag = binary, ns, tag
        self.conf = Path(d) / f"{tag}.conf"
        self.conf.write_text(CONF.format(dir=d, tag=tag, hashsize=max(n // 4, 1024),
                                         limit=max(2 * n, 1024)))
        self.sock = Path(d) / f"{tag}.sock"
        self.t0 = time.monotonic()
        # ip netns exec execs the daemon: same pid.
        self.proc = subprocess.Popen(["ip", "netns", "exec", ns, binary, "-C",
                                      str(self.conf)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)

    def client(self, *args, out=subprocess.PIPE):
        return subprocess.run([self.binary, "-C", str(self.conf), *args],
                              stdout=out, stderr=subprocess.DEVNULL)

    def active(self):
        if not self.sock.exists():
            return -1
        r = self.client("-s")
        m = re.search(rb"current active connections:\s+(\d+)", r.stdout)
        return int(m.group(1)) if m else -1

    def wait_for(self, n, timeout=600):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                sys.exit(f"ctd_bench: {self.tag} exited with {self.proc.returncode}")
            if self.active() >= n:
                return time.monotonic() - self.t0
            time.sleep(0.02)
        sys.exit(f"ctd_bench: {self.tag} cached {self.active()} of {n} entries")

    def dump_seconds(self):
        t = time.monotonic()
        with open(os.devnull, "wb") as null:
            self.client("-i", out=null)
        return time.monotonic() - t

    def stop(self):
        if self.proc.poll() is None:
            self.client("-k")
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def measure(binary, tag, ns_full, ns_empty, d, n):
    empty = Daemon(binary, ns_empty, d, tag + "-empty", n)
    empty.wait_for(0)
    base = rss_kib(empty.proc.pid)
    empty.stop()
    full = Daemon(binary, ns_full, d, tag, n)
    try:
        secs = full.wait_for(n)
        rss = rss_kib(full.proc.pid)
        dump = full.dump_seconds()
    finally:
        full.stop()
    return {"load": secs, "rss": rss, "per": (rss - base) * 1024 / n,
            "dump": dump}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000000)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("ctd_bench: run as root")
    old_max = MAX.read_text()
    tag = f"ctdbench-{os.getpid()}"
    ns_full, ns_empty = tag + "-full", tag + "-empty"
    d = tempfile.mkdtemp(prefix="ctdbench-")
    os.chmod(d, 0o755)
    try:
        MAX.write_text(str(max(int(old_max), a.n + 1000)))
        for ns in (ns_full, ns_empty):
            subprocess.run(["ip", "netns", "add", ns], check=True)
        r = subprocess.run(["ip", "netns", "exec", ns_full, PROBE, "insert",
                            str(a.n)], capture_output=True, text=True, check=True)
        if int(r.stdout) != a.n:
            sys.exit(f"ctd_bench: loaded {r.stdout.strip()} of {a.n} entries")
        res = {"ours": measure(OURS, "ours", ns_full, ns_empty, d, a.n),
               "ref": measure(REF, "ref", ns_full, ns_empty, d, a.n)}
    finally:
        for ns in (ns_full, ns_empty):
            subprocess.run(["ip", "netns", "pids", ns], capture_output=True)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        MAX.write_text(old_max)
        shutil.rmtree(d, ignore_errors=True)

    o, r = res["ours"], res["ref"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
          f"kernel {platform.release()}; {a.n} entries, stats mode")
    print(f"{'':28} {'ours':>12} {'reference':>12} {'ours/ref':>9}")
    rows = [("initial dump into cache (s)", "load", "{:.2f}"),
            ("resident memory (KiB)", "rss", "{:.0f}"),
            ("bytes per cached entry", "per", "{:.1f}"),
            ("-i of the whole cache (s)", "dump", "{:.2f}")]
    for name, key, fmt in rows:
        ratio = o[key] / r[key] if r[key] else float("nan")
        print(f"{name:28} {fmt.format(o[key]):>12} {fmt.format(r[key]):>12} "
              f"{ratio:9.2f}")
    print(f"target: at most {TARGET_BYTES} bytes per entry: "
          f"{'met' if o['per'] <= TARGET_BYTES else 'MISSED'}")
    if a.check and o["per"] > TARGET_BYTES:
        sys.exit(1)


if __name__ == "__main__":
    main()
