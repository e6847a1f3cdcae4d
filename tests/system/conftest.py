"""Fixtures of the conntrack system tests.

Run:   (from the top of the checkout) /usr/bin/python3 -m pytest tests/system -q
Env:   CT_OURS    our binary      (default build/src/conntrack/conntrack)
       CT_REF     reference       (default /usr/sbin/conntrack)
       CT_REPORT  failure report  (default /tmp/difftest-report.md)
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import ctlib

REPORT_PATH = os.environ.get("CT_REPORT", "/tmp/difftest-report.md")


# ---------------------------------------------------------------------------
# Root, binaries, connlabel.conf (session wide)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def require_root():
    if os.geteuid() != 0:
        pytest.fail("the conntrack system tests must run as root (they create "
                    "network namespaces and use ctnetlink); run them with sudo",
                    pytrace=False)


class Binaries:
    def __init__(self, ours: str, ref: str):
        self.ours = ours
        self.ref = ref
        self.ours_version = ctlib.program_version(ours)
        self.ref_version = ctlib.program_version(ref)


@pytest.fixture(scope="session")
def binaries(require_root):
    ours = os.environ.get("CT_OURS", ctlib.DEFAULT_OURS)
    ref = os.environ.get("CT_REF", ctlib.DEFAULT_REF)
    for what, path in (("CT_OURS (our conntrack)", ours),
                       ("CT_REF (reference conntrack)", ref)):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            pytest.fail(f"{what}: {path} is not an executable file "
                        "(build ours with: meson setup build; ninja -C build)",
                        pytrace=False)
    return Binaries(ours, ref)


@pytest.fixture(scope="session")
def connlabel_conf(require_root):
    """/etc/xtables/connlabel.conf holds our label names for the session;
    whatever was there before (or nothing) is put back afterwards."""
    with ctlib.swap_file(ctlib.CONNLABEL_CONF, ctlib.CONNLABEL_TEXT) as conf:
        yield conf


@pytest.fixture(scope="session", autouse=True)
def no_leftover_namespaces(require_root):
    yield
    for name in ctlib.leftover_namespaces():
        ctlib._run(["ip", "netns", "del", name])


# ---------------------------------------------------------------------------
# Per-test namespace
# ---------------------------------------------------------------------------
@pytest.fixture
def lab(binaries, connlabel_conf):
    """Factory: lab(variant) -> a fresh, configured ctlib.Netns (lo up,
    connlabel switched on, sysctls for 'acct'); deleted at teardown."""
    made = []

    def make(variant: str = "base") -> ctlib.Netns:
        ns = ctlib.Netns(binaries.ref, variant)
        made.append(ns)
        ns.create()
        return ns

    try:
        yield make
    finally:
        for ns in made:
            ns.destroy()


@pytest.fixture
def netns(lab):
    """A fresh base-variant namespace (no fixture loaded)."""
    return lab("base")


@pytest.fixture
def loaded(lab):
    """A base namespace with the fixture table loaded (reference -R)."""
    ns = lab("base")
    ns.reset()
    return ns


@pytest.fixture
def loaded_acct(lab):
    """An 'acct' namespace (counters, timestamps, loopback traffic entries)
    with the fixture table loaded."""
    ns = lab("acct")
    ns.reset()
    return ns


@pytest.fixture
def run(netns, binaries):
    """run(which, args, stdin=None) -> (stdout, stderr, rc) in `netns`;
    which is 'ours' or 'ref'."""
    def _run(which, args, stdin=None, timeout=ctlib.CMD_TIMEOUT):
        binary = binaries.ours if which == "ours" else binaries.ref
        r = netns.ct(binary, list(args), stdin=stdin, timeout=timeout)
        return r.stdout, r.stderr, r.rc
    return _run


# ---------------------------------------------------------------------------
# Failure report (/tmp/difftest-report.md)
# ---------------------------------------------------------------------------
_failures = []
_stats = {"passed": 0, "failed": 0, "start": time.time()}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        detail = dict(rep.user_properties).get("ctdiff")
        if detail is None:
            text = rep.longreprtext
            lines = text.splitlines()
            if len(lines) > 60:
                lines = lines[-60:]
            detail = "```\n" + "\n".join(lines) + "\n```\n"
        _failures.append((item.nodeid, rep.when, detail))
    elif rep.when == "call" and rep.passed:
        _stats["passed"] += 1


def pytest_sessionfinish(session, exitstatus):
    elapsed = time.time() - _stats["start"]
    out = ["# conntrack differential test report", "",
           f"- ours: `{os.environ.get('CT_OURS', ctlib.DEFAULT_OURS)}`",
           f"- reference: `{os.environ.get('CT_REF', ctlib.DEFAULT_REF)}`",
           f"- tests passed: {_stats['passed']}, failures/errors: "
           f"{len(_failures)}, time {elapsed:.0f}s", ""]
    try:
        from known_differences import KNOWN
        proposed = [(k, v.reason) for k, v in KNOWN.items() if v.proposed]
    except Exception:                       # pragma: no cover
        proposed = []
    if proposed:
        out.append("## Differences marked known by the test author "
                   "(not in the brief's list; please confirm)")
        out.append("")
        for line, reason in proposed:
            out.append(f"- `{line}`: {reason}")
        out.append("")
    if not _failures:
        out.append("No failures.")
    for nodeid, when, detail in _failures:
        out.append(f"## {nodeid}" + ("" if when == "call" else f" ({when})"))
        out.append("")
        out.append(detail)
    try:
        Path(REPORT_PATH).write_text("\n".join(out) + "\n")
    except OSError:
        pass
