"""-E: our conntrack and the reference listen side by side in one
namespace, see the same kernel events (made by reference commands), are
stopped with SIGINT, and must print the same bytes and exit the same."""

import re
import signal
import subprocess
import time

import pytest

import ctlib

# What happens while both listen: creations, updates, deletions of several
# protocols and families, with marks, zones, labels and NAT.
SCRIPT = [
    "-I -s 10.1.0.1 -d 10.2.0.1 -p tcp --sport 1000 --dport 80 --state ESTABLISHED -t 300 -u ASSURED -m 7",
    "-I -s 10.1.0.2 -d 10.2.0.1 -p udp --sport 5353 --dport 53 -t 30",
    "-I -s 10.1.0.3 -d 10.2.0.9 -p tcp --sport 1001 --dport 443 --state SYN_SENT -t 120 -n 10.9.9.9:7000",
    "-I -s 2001:db8::1 -d 2001:db8::2 -p icmpv6 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 5 -t 30",
    "-I -s 10.1.0.4 -d 10.2.0.4 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 9 -t 30 -w 3",
    "-I -s 10.1.0.5 -d 10.2.0.5 -p udp --sport 1 --dport 2 -t 60 --label-add foo",
    "-I -s 10.1.0.6 -d 10.2.0.6 -p tcp --sport 1 --dport 80 --state ESTABLISHED -t 60 -g 10.7.7.7:8080",
    "-U -f ipv4 -p tcp -m 9",
    "-U -f ipv4 -s 10.1.0.2 -u SEEN_REPLY",
    "-D -p icmpv6",
    "-D -f ipv4 -p udp --dport 53",
    "-D -w 3",
    "-F",
]

CASES = [
    [], ["-e", "NEW"], ["-e", "UPDATES,DESTROY"], ["-e", "DESTROY"],
    ["-e", "ALL", "-o", "extended"], ["-o", "xml"], ["-o", "extended,id"],
    ["-o", "save"], ["-o", "timestamp"], ["-o", "xml,timestamp"],
    ["-o", "ktimestamp"], ["-o", "userspace"], ["-o", "labels"],
    ["-p", "tcp"], ["-p", "udp", "--dport", "53"], ["-s", "10.1.0.0/16"],
    ["-m", "7"], ["-f", "ipv6"], ["-l", "foo"], ["-n"], ["-g"], ["-w", "3"],
    ["-b", "1000000"], ["-d", "10.2.0.1", "-o", "extended,labels"],
]

TIMESTAMP = re.compile(rb"^\[\d+\.\d+\]\t", re.M)
WHEN = re.compile(rb"<when>.*?</when>")
# The name of the program that caused an event is looked up in /proc when
# the event is printed; the short-lived conntrack that made it may be gone
# by then for one listener and not yet for the other.
PROGNAME = re.compile(rb" progname=\S+$", re.M)


def normalise(data: bytes) -> bytes:
    """Only what differs between two listeners of the same events: the
    wall-clock time each one stamps on a line, the racy program name, and
    the version."""
    data = TIMESTAMP.sub(b"[TIME]\t", data)
    data = PROGNAME.sub(b"", data)
    data = WHEN.sub(b"<when/>", data)
    return ctlib.normalise(data)


def listen(ns, binary, args):
    argv = ["ip", "netns", "exec", ns.name, "bash", "-c", 'exec -a "$0" "$@"',
            ctlib.ARGV0, binary, "-E", *args]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def listeners(ns) -> int:
    """Netfilter netlink sockets subscribed to multicast groups in ns."""
    out = ns._must(["ip", "netns", "exec", ns.name, "cat", "/proc/net/netlink"])
    n = 0
    for line in out.decode().splitlines()[1:]:
        f = line.split()
        if f[1] == "12" and int(f[3], 16) != 0:
            n += 1
    return n


def while_listening(ns, argvs, action, sig=signal.SIGINT):
    """Start one -E listener per (binary, args) in argvs, wait until all are
    subscribed, run action(), let the events arrive, stop them with sig.
    Returns [(stdout, stderr, returncode)] in argvs' order; no listener
    outlives the call."""
    procs = [listen(ns, binary, args) for binary, args in argvs]
    try:
        deadline = time.time() + 5
        while listeners(ns) < len(procs):
            assert time.time() < deadline, "listeners did not start"
            assert all(p.poll() is None for p in procs), "a listener exited"
            time.sleep(0.05)
        action()
        time.sleep(0.3)
        for p in procs:
            p.send_signal(sig)
        outs = [p.communicate(timeout=10) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    return [(out, err, p.returncode) for (out, err), p in zip(outs, procs)]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a) or "default")
def test_events_match_reference(netns, binaries, args):
    def script():
        for line in SCRIPT:
            netns.ref_must(line.split())

    (o_out, o_err, o_rc), (r_out, r_err, r_rc) = while_listening(
        netns, [(binaries.ours, args), (binaries.ref, args)], script)
    assert r_out, "the reference saw no event: the script did nothing"
    assert normalise(o_out).decode() == normalise(r_out).decode()
    assert normalise(o_err).decode() == normalise(r_err).decode()
    assert o_rc == r_rc == 0


def test_event_count_in_summary(netns, binaries):
    """The summary counts exactly the events printed."""
    def create():
        for i in range(25):
            netns.ref_must(f"-I -s 10.3.0.{i + 1} -d 10.4.0.1 -p udp --sport 1 "
                           f"--dport 2 -t 30".split())

    [(out, err, rc)] = while_listening(
        netns, [(binaries.ours, ["-e", "NEW"])], create, signal.SIGTERM)
    assert rc == 0
    assert len(out.splitlines()) == 25
    assert err.endswith(b" 25 flow events have been shown.\n")
