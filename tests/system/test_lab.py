"""Checks of the lab itself: fixture content, determinism, clean-up,
connlabel.conf handling.  If these fail, the differential verdicts are
meaningless."""
import os
import re
from pathlib import Path

import pytest

import ctlib


def listing(ns, *fmt):
    args = ["-L"] + (["-o", ",".join(fmt)] if fmt else [])
    return ns.ref_must(args).stdout.decode().splitlines()


FIXTURE_COUNT = 36      # fixture_entries.txt (33) + fixture_labels.txt (3)


def test_fixture_content(loaded):
    lines = listing(loaded, "extended", "labels")
    assert len(lines) == FIXTURE_COUNT, "\n".join(lines)
    text = "\n".join(lines)
    for proto in ("tcp", "udp", "udplite", "sctp", "gre", "icmp", "icmpv6",
                  "unknown"):
        assert re.search(rf"^ipv[46]\s+\d+\s+{proto}\s", text, re.M), proto
    states = set(re.findall(r"^ipv4\s+2 tcp\s+6 \d+ (\S+)", text, re.M))
    assert {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "CLOSE_WAIT",
            "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2", "NONE"} <= states
    assert "ipv6     10 tcp" in text
    assert "[ASSURED]" in text and "[UNREPLIED]" in text
    for needle in ("mark=1 ", "mark=2 ", "mark=16 ", "mark=4294967295 ",
                   "zone=10 ", "zone=20 ", "zone-orig=30 ", "zone-reply=31 ",
                   "labels=foo\n", "labels=foo,bar,web", "labels=bar,high",
                   "dst=10.0.0.9 sport=80 dport=5000",      # SNAT with port
                   "src=10.0.0.8 dst=10.0.0.1 sport=80",    # DNAT
                   "src=2001:db8::2 dst=2001:db8::9 sport=80 dport=6000",
                   "srckey=0x1234 dstkey=0x5678", "type=128 code=0 id=4321",
                   "type=8 code=0 id=1234"):
        assert needle in text + "\n", needle


def test_fixture_dccp_note(loaded):
    """The kernel has no DCCP tracker: the entry is stored as generic
    protocol 33 (ports 0, no state).  If this changes, revisit the fixture."""
    (line,) = [l for l in listing(loaded) if l.startswith("dccp")]
    assert "sport=0 dport=0" in line and "OPEN" not in line


def test_acct_variant_counters_and_timestamps(loaded_acct):
    lines = listing(loaded_acct, "extended", "ktimestamp")
    assert len(lines) == FIXTURE_COUNT + 2
    traffic = [l for l in lines if "sport=40000" in l or "sport=40002" in l]
    assert len(traffic) == 2, lines
    for l in traffic:
        assert re.search(r"packets=1 bytes=\d+ .*packets=1 bytes=\d+", l), l
        assert "[UNREPLIED]" not in l
        assert "[start=" in l and "delta-time=" in l, l
    assert all("packets=" in l for l in lines)


def test_reset_is_deterministic(loaded):
    """Two loads in the same namespace give the same table in the same dump
    order -- the premise of comparing stdout byte for byte."""
    a = ctlib.normalise(loaded.ref_must(["-L", "-o", "extended,labels"]).stdout)
    loaded.reset()
    b = ctlib.normalise(loaded.ref_must(["-L", "-o", "extended,labels"]).stdout)
    assert a == b
    loaded.reset()
    assert loaded.table() == loaded.table()


def test_acct_reset_is_deterministic(loaded_acct):
    a = ctlib.normalise(loaded_acct.ref_must(["-L", "-o", "extended"]).stdout)
    loaded_acct.reset()
    b = ctlib.normalise(loaded_acct.ref_must(["-L", "-o", "extended"]).stdout)
    assert a == b


def test_namespace_is_isolated_and_removed(binaries, connlabel_conf):
    ns = ctlib.Netns(binaries.ref).create()
    try:
        ns.reset()
        assert ns.ref_must(["-C"]).stdout.strip() == str(FIXTURE_COUNT).encode()
        assert ns.name in ctlib._run(["ip", "netns", "list"])[0].decode()
    finally:
        ns.destroy()
    assert ns.name not in ctlib._run(["ip", "netns", "list"])[0].decode()


def test_run_helper_and_argv0(run):
    out, err, rc = run("ours", ["-V"])
    assert rc == 0 and b"(conntrack-tools)" in out + err
    out, err, rc = run("ref", ["-h"])
    assert rc == 0 and b"Usage: conntrack [commands]" in out


def test_run_helper_timeout(netns):
    """A command that hangs is killed after the timeout (rc None)."""
    r = netns.ct("/bin/sleep", ["30"], timeout=1)
    assert r.rc is None


def test_connlabel_conf_in_place(connlabel_conf):
    assert Path(connlabel_conf).read_text() == ctlib.CONNLABEL_TEXT


def test_swap_file_restores(tmp_path):
    target = tmp_path / "sub" / "f.conf"
    with ctlib.swap_file(target, "new\n"):
        assert target.read_text() == "new\n"
    assert not target.exists() and not target.parent.exists()
    target.parent.mkdir()
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        with ctlib.swap_file(target, "new\n"):
            assert target.read_text() == "new\n"
            raise RuntimeError("boom")
    assert target.read_text() == "old\n"
    assert os.listdir(target.parent) == ["f.conf"]


def test_case_table_parses():
    cases = ctlib.load_cases()
    assert any(c.variant == "acct" for c in cases)
    assert any(c.stdin for c in cases) and any(c.empty for c in cases)
    assert any(c.args == [] for c in cases)
    for c in cases:
        assert "{data}" not in " ".join(c.args)
        if c.stdin:
            assert c.stdin.is_file(), c.stdin
