"""conntrackd under systemd's notification protocol, without systemd: the
test plays the manager's side of $NOTIFY_SOCKET (a UNIX datagram socket)
and checks READY=1 after start-up, WATCHDOG=1 at half the period given in
$WATCHDOG_USEC, MAINPID= from the parent of -d, and STOPPING=1 at
shutdown. Skipped as a failure if the build has no libsystemd (the
Systemd clause is then a no-op, as documented)."""
from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest

import ctdlib
from test_conntrackd import ctd_bins, lab, stop  # noqa: F401 (fixtures)


def has_libsystemd(binary: str) -> bool:
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return "libsystemd" in out or "valgrind" in binary


class Manager:
    """The receiving end of $NOTIFY_SOCKET."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.path = path
        self.got = []

    def drain(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            try:
                self.got.append(self.sock.recv(4096).decode())
            except socket.timeout:
                pass
        return self.got


def start(lab, conf, env, *args):
    proc = subprocess.Popen(["ip", "netns", "exec", lab.ns, lab.ours, "-C",
                             str(conf), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env,
                            start_new_session=True)
    return proc


def test_notify_ready_watchdog_stopping(lab):
    if not has_libsystemd(lab.ours):
        pytest.fail("this conntrackd is built without libsystemd", pytrace=False)
    mgr = Manager(lab.dir / "notify.sock")
    conf = lab.stats_conf("ours")
    env = dict(os.environ, NOTIFY_SOCKET=str(mgr.path), WATCHDOG_USEC="400000")
    proc = start(lab, conf, env)
    try:
        lab.wait_socket(conf)
        got = mgr.drain(1.0)
        assert got[0] == "READY=1"
        # 400 ms period: a keep-alive every 200 ms.
        assert 2 <= got.count("WATCHDOG=1") <= 8, got
        assert lab.client(lab.ours, conf, "-k")[2] == 0
        assert proc.wait(10) == 0
        assert mgr.drain(0.3)[-1] == "STOPPING=1"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_notify_mainpid_with_d(lab):
    if not has_libsystemd(lab.ours):
        pytest.fail("this conntrackd is built without libsystemd", pytrace=False)
    mgr = Manager(lab.dir / "notify.sock")
    conf = lab.stats_conf("ours")
    env = dict(os.environ, NOTIFY_SOCKET=str(mgr.path))
    proc = start(lab, conf, env, "-d")
    assert proc.wait(10) == 0
    lab.wait_socket(conf)
    got = mgr.drain(0.5)
    pids = ctdlib.run(["pgrep", "-f", "-x", f"{lab.ours} -C {conf} -d"])[0].split()
    assert len(pids) == 1
    assert got[:2] == [f"MAINPID={int(pids[0])}", "READY=1"], got
    assert lab.client(lab.ours, conf, "-k")[2] == 0


def test_systemd_off_sends_nothing(lab):
    mgr = Manager(lab.dir / "notify.sock")
    conf = lab.stats_conf("ours", general="\tSystemd off\n")
    env = dict(os.environ, NOTIFY_SOCKET=str(mgr.path), WATCHDOG_USEC="400000")
    proc = start(lab, conf, env)
    lab.wait_socket(conf)
    assert lab.client(lab.ours, conf, "-k")[2] == 0
    assert proc.wait(10) == 0
    assert mgr.drain(0.5) == []
