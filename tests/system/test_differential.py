"""The differential table: every line of cases_conntrack.txt is run with our
conntrack and with the reference, in the same namespace, each time on a
freshly reloaded fixture table.  stdout, stderr, exit code and the resulting
table must be equal after normalisation -- unless the line is a known,
deliberate difference (known_differences.py), in which case our exact
expected behaviour is asserted instead.
"""
from __future__ import annotations

import difflib
import re
import shlex

import pytest

import ctlib
from known_differences import KNOWN

CASES = ctlib.load_cases()


def _lines(b: bytes):
    return b.decode("utf-8", errors="backslashreplace").splitlines(keepends=True)


def _udiff(a, b, what, n=2, limit=20):
    d = list(difflib.unified_diff(a, b, f"expected {what}", f"ours {what}",
                                  n=n, lineterm=""))
    d = [l.rstrip("\n") for l in d]
    if len(d) > limit:
        d = d[:limit] + [f"... ({len(d) - limit} more diff lines)"]
    return "\n".join(d)


_ADDR = re.compile(rb'(?:src=|-s |<src>|"src":")([0-9a-f]*:[0-9a-f:.]*|[0-9.]+)')


def family_partition(b: bytes) -> bytes:
    """docs/differences.md #19: with a tuple filter and no family, we list
    the IPv4 entries first, then the IPv6 ones, each in the kernel's order.
    Lines without an address (XML header, ...) keep their places."""
    lines = _lines_b(b)
    where, v4, v6 = [], [], []
    for i, line in enumerate(lines):
        m = _ADDR.search(line)
        if m:
            where.append(i)
            (v6 if b":" in m.group(1) else v4).append(line)
    for i, line in zip(where, v4 + v6):
        lines[i] = line
    return b"".join(lines)


def compare(expected: ctlib.Result, ours: ctlib.Result,
            stdout_sorted: bool = False):
    """Both Results already normalised.  Returns a list of (what, text)."""
    bad = []
    eo, oo = expected.stdout, ours.stdout
    if stdout_sorted:
        eo = b"".join(sorted(_lines_b(eo)))
        oo = b"".join(sorted(_lines_b(oo)))
    elif eo != oo and oo == family_partition(eo):
        eo = oo     # the same entries, IPv4 ones first (differences.md #19)
    if eo != oo:
        bad.append(("stdout", _udiff(_lines(eo), _lines(oo), "stdout")
                    or f"expected {eo!r}\nours     {oo!r}"))
    if expected.stderr != ours.stderr:
        bad.append(("stderr", _udiff(_lines(expected.stderr), _lines(ours.stderr),
                                     "stderr")
                    or f"expected {expected.stderr!r}\nours     {ours.stderr!r}"))
    if expected.rc != ours.rc:
        bad.append(("rc", f"expected {ctlib.rc_text(expected.rc)}, "
                          f"ours {ctlib.rc_text(ours.rc)}"))
    if expected.table != ours.table:
        bad.append(("table", _udiff(expected.table.splitlines(),
                                    ours.table.splitlines(), "table", n=0)))
    return bad


def _lines_b(b: bytes):
    return b.splitlines(keepends=True)


@pytest.mark.parametrize("case", CASES, ids=[c.ident for c in CASES])
def test_case(case, lab, binaries, request):
    ns = lab(case.variant)
    known = KNOWN.get(case.text)

    ns.reset(case.empty)
    ours = ns.ct(binaries.ours, case.args, stdin=case.stdin).norm()
    ours.table = ns.table()

    if known is not None:
        expected = known.expected(ns, binaries, case)
        label = f"known difference: {known.reason}"
        stdout_sorted = known.stdout_sorted
    else:
        ns.reset(case.empty)
        expected = ns.ct(binaries.ref, case.args, stdin=case.stdin).norm()
        expected.table = ns.table()
        label = "reference"
        stdout_sorted = False

    bad = compare(expected, ours, stdout_sorted)
    if bad:
        cmd = shlex.join(case.args)
        parts = [f"`conntrack {cmd}`  (cases_conntrack.txt line {case.lineno},"
                 f" variant {case.variant}"
                 + (f", stdin {case.stdin.name}" if case.stdin else "")
                 + f"; expected = {label})", ""]
        for what, text in bad:
            parts.append(f"**{what}**")
            parts.append("```diff\n" + text + "\n```")
        detail = "\n".join(parts) + "\n"
        request.node.user_properties.append(("ctdiff", detail))
        pytest.fail(detail, pytrace=False)


def test_case_table_size():
    """The brief asks for at least 200 command lines."""
    assert len(CASES) >= 200, len(CASES)


def test_known_differences_are_in_the_table():
    texts = {c.text for c in CASES}
    missing = [k for k in KNOWN if k not in texts]
    assert not missing, f"known differences without a case line: {missing}"
