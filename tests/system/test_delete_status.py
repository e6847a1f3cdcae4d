"""-D with -u: ours asks the kernel for the entries with that status, as -L
does, so negated words and UNREPLIED select what they name (1.4.7 ignores
them for -D and deletes every entry; see docs/differences.md #11)."""

import pytest

import ctlib


def listing(ns, args):
    """What the reference -L prints for args, as sorted save lines."""
    out = ns.ref_must(["-L", "-o", "save"] + args).stdout
    return sorted(ctlib.normalise(out).decode().splitlines())


@pytest.mark.parametrize("status", ["!ASSURED", "UNREPLIED", "ASSURED",
                                    "!SEEN_REPLY"])
def test_delete_removes_exactly_what_list_shows(loaded, binaries, status):
    before = listing(loaded, [])
    selected = listing(loaded, ["-u", status])
    assert 0 < len(selected) < len(before), "the fixture must split on this status"

    r = loaded.ct(binaries.ours, ["-D", "-o", "save", "-u", status]).norm()
    assert r.rc == 0
    # deleted entries print as "-D ..." save lines; compare as "-A" lines
    as_add = b"".join(b"-A" + l[2:] + b"\n" for l in r.stdout.splitlines())
    deleted = sorted(ctlib.normalise(as_add).decode().splitlines())
    assert deleted == selected
    assert r.stderr.endswith(f"{len(selected)} flow entries have been deleted.\n".encode())
    after = listing(loaded, [])
    assert after == sorted(set(before) - set(selected))
