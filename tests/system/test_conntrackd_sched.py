"""conntrackd's Scheduler clause: the policy and priority the daemon runs
with (read back with chrt), and the reference's warning when the kernel
refuses them."""
from __future__ import annotations

import subprocess

import pytest

import ctdlib
from ctdlib import strip_prefix
from test_conntrackd import ctd_bins, lab, stop  # noqa: F401 (fixtures)


def policy_of(pid: int) -> str:
    out = subprocess.run(["chrt", "-p", str(pid)], capture_output=True,
                         text=True).stdout
    pol = out.split("policy:")[1].split()[0]
    prio = out.split("priority:")[1].split()[0]
    return f"{pol} {prio}"


@pytest.mark.parametrize("clause,want", [
    ("", "SCHED_RR 99"),
    ("\tScheduler { Priority 5 }\n", "SCHED_RR 99"),
    ("\tScheduler { Type FIFO Priority 10 }\n", "SCHED_FIFO 10"),
    ("\tScheduler { Type rr Priority 1 }\n", "SCHED_RR 1"),
])
def test_scheduler_applied(lab, clause, want):
    conf = lab.stats_conf("ours", general=clause)
    d = lab.start(lab.ours, conf)
    assert policy_of(d.proc.pid) == want
    stop(d)


def test_scheduler_refused_like_reference(lab):
    res = []
    for binary, name in ((lab.ours, "ours"), (lab.ref, "ref")):
        conf = lab.stats_conf(name, general="\tScheduler { Type RR }\n")
        d = lab.start(binary, conf)
        assert policy_of(d.proc.pid).startswith("SCHED_OTHER")
        stop(d)
        res.append(strip_prefix(d.stderr()))
    assert res[0] == res[1]
    assert res[0] == (b"[warning] scheduler configuration failed: Invalid "
                      b"argument. Likely a bug in conntrackd, please report "
                      b"it. Continuing with system default scheduler.\n")
