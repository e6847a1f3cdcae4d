"""Helpers of the conntrackd system tests: a lab is one network namespace
plus one scratch directory, in which our daemon and the reference
(Debian's conntrackd 1.4.7) run side by side, each with its own lock
file, control socket and logs, watching the same kernel table.

Safety: daemons only ever run inside the lab's namespace (never on the
host's table), the reference binary is only run without a namespace in
client mode, and close() kills every process the lab started and removes
the namespace and the directory, also after a failure.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Tuple

import ctlib

TOP = Path(__file__).resolve().parents[2]
DEFAULT_CTD_OURS = str(TOP / "build/src/conntrackd/conntrackd")
DEFAULT_CTD_REF = "/usr/sbin/conntrackd"
CONNTRACK = "/usr/sbin/conntrack"

# "[Tue Nov 24 18:26:20 2026] (pid=27715) " at the start of a log line.
PREFIX_RE = re.compile(
    rb"^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\] "
    rb"\(pid=\d+\) ", re.M)
# The date and TAB opening a stats-mode flow line.
FLOW_DATE_RE = re.compile(
    rb"^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\t", re.M)


def strip_prefix(data: bytes) -> bytes:
    return PREFIX_RE.sub(b"", data)


def norm_dump(data: bytes) -> bytes:
    """-i/-e output with the times and ids that differ between runs
    replaced."""
    data = re.sub(rb"\[active since \d+s\]", b"[active since Ns]", data)
    data = re.sub(rb"\[expires in \d+s\]", b"[expires in Ns]", data)
    return re.sub(rb"<id>\d+</id>", b"<id>N</id>", data)


def run(argv, timeout=20, input_bytes=None) -> Tuple[bytes, bytes, Optional[int]]:
    return ctlib._run(argv, timeout=timeout, input_bytes=input_bytes)


class Daemon:
    """One conntrackd process of the lab (ours or the reference)."""

    def __init__(self, lab: "Lab", binary: str, conf: Path, args: List[str]):
        self.lab, self.binary, self.conf = lab, binary, conf
        tag = f"{Path(binary).name}-{len(lab.daemons)}"
        self.out_path = lab.dir / f"{tag}.out"
        self.err_path = lab.dir / f"{tag}.err"
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", lab.ns, binary, "-C", str(conf), *args],
            stdin=subprocess.DEVNULL, stdout=open(self.out_path, "wb"),
            stderr=open(self.err_path, "wb"), start_new_session=True,
            env=dict(os.environ, LC_ALL="C"))

    def stdout(self) -> bytes:
        return self.out_path.read_bytes()

    def stderr(self) -> bytes:
        return self.err_path.read_bytes()

    def wait(self, timeout=10) -> Optional[int]:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def client(self, *args, timeout=20):
        return self.lab.client(self.binary, self.conf, *args, timeout=timeout)

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()


class Lab:
    def __init__(self, ours: str, ref: str):
        self.ours, self.ref = ours, ref
        self.ns = ctlib.new_ns_name()
        self.dir = Path(tempfile.mkdtemp(prefix="ctdsys-"))
        os.chmod(self.dir, 0o755)
        self.daemons: List[Daemon] = []
        out, err, rc = run(["ip", "netns", "add", self.ns])
        if rc != 0:
            raise ctlib.LabError(f"ip netns add: {err.decode()}")
        run(["ip", "-n", self.ns, "link", "set", "lo", "up"])

    # -- configuration ------------------------------------------------------
    def conf(self, name: str, text: str) -> Path:
        """Write a config; {dir} is this lab's directory, {name} the
        config's own name (for per-daemon lock, socket and log paths)."""
        path = self.dir / f"{name}.conf"
        path.write_text(text.replace("{dir}", str(self.dir))
                        .replace("{name}", name))
        return path

    def stats_conf(self, name: str, general: str = "", stats: str = "") -> Path:
        return self.conf(name, STATS_CONF.replace("{general}", general)
                         .replace("{stats}", stats))

    def sock(self, name: str) -> Path:
        return self.dir / f"{name}.sock"

    # -- processes -----------------------------------------------------------
    def start(self, binary: str, conf: Path, *args, wait_socket=True) -> Daemon:
        d = Daemon(self, binary, conf, list(args))
        self.daemons.append(d)
        if wait_socket:
            self.wait_socket(conf, d)
        return d

    def wait_socket(self, conf: Path, d: Optional[Daemon] = None, timeout=10):
        sock = self.dir / f"{conf.stem}.sock"
        end = time.time() + timeout
        while time.time() < end:
            if sock.exists() and self.answers(d.binary if d else self.ours, conf):
                return
            if d is not None and d.proc.poll() is not None and "-d" not in d.proc.args:
                raise AssertionError(
                    f"daemon exited with {d.proc.returncode}: "
                    f"{d.stderr().decode()} {d.stdout().decode()}")
            time.sleep(0.05)
        raise AssertionError(f"no control socket at {sock}")

    def answers(self, binary: str, conf: Path) -> bool:
        out, err, rc = self.client(binary, conf, "-s", "runtime")
        return rc == 0 and b"daemon uptime" in out

    def client(self, binary: str, conf: Path, *args, timeout=20):
        return run(["ip", "netns", "exec", self.ns, binary, "-C", str(conf),
                    *args], timeout=timeout)

    def ct(self, *args, input_bytes=None, timeout=60):
        """The reference conntrack, in the lab's namespace."""
        return run(["ip", "netns", "exec", self.ns, CONNTRACK, *args],
                   timeout=timeout, input_bytes=input_bytes)

    def ct_count(self) -> int:
        out, err, rc = self.ct("-C")
        return int(out.strip() or b"0")

    def close(self):
        for d in self.daemons:
            d.kill()
        # Daemons started with -d are in their own session already.
        run(["ip", "netns", "pids", self.ns])
        out, _, _ = run(["ip", "netns", "pids", self.ns])
        for pid in out.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        run(["ip", "netns", "del", self.ns])
        shutil.rmtree(self.dir, ignore_errors=True)


# A stats-mode config; {general} and {stats} add clauses.
STATS_CONF = """\
General {
	LockFile {dir}/{name}.lock
	UNIX { Path {dir}/{name}.sock }
	LogFile {dir}/{name}.log
	HashSize 8192
	HashLimit 131072
{general}
}
Stats {
	LogFile {dir}/{name}-stats.log
{stats}
}
"""

# Entries loaded into the kernel for the differential tests (reference
# conntrack -R syntax).
ENTRIES = """\
-I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1000 --dport 80 --state ESTABLISHED -t 300 -u ASSURED
-I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1001 --dport 443 --state SYN_SENT -t 300
-I -p udp -s 10.0.0.3 -d 10.0.0.4 --sport 5000 --dport 53 -t 300
-I -p udp -s 10.0.0.3 -d 10.0.0.5 --sport 5001 --dport 123 -t 300 -m 7
-I -p icmp -s 10.0.0.6 -d 10.0.0.7 --icmp-type 8 --icmp-code 0 --icmp-id 42 -t 30
-I -p tcp -s 2001:db8::1 -d 2001:db8::2 --sport 2000 --dport 22 --state ESTABLISHED -t 300
-I -p udp -s 2001:db8::3 -d 2001:db8::4 --sport 3000 --dport 53 -t 300 -w 5
-I -p tcp -s 10.1.0.1 -d 10.1.0.2 --sport 1234 --dport 25 --state TIME_WAIT -t 100 --dst-nat 10.9.9.9
"""
