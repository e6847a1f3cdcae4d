"""-R / --load-file: what OUR conntrack must do with a file, asserted
directly (the differential table also compares these files with 1.4.7).
All tables are read back with the reference binary."""

import ctlib

P = b"conntrack v<VERSION> (conntrack-tools): "
TRY = b"Try `conntrack -h' or 'conntrack --help' for more information.\n"


def entries(ns):
    """Normalised extended listing, one string per entry."""
    out = ns.ref_must(["-L", "-o", "extended,labels"]).stdout
    return sorted(ctlib.normalise(out).decode().splitlines())


def ours(ns, binaries, args, stdin=None):
    return ns.ct(binaries.ours, args, stdin=stdin).norm()


def has(lines, *needles):
    return [l for l in lines if all(n in l for n in needles)]


def test_good_file_applies_every_line(loaded, binaries):
    before = entries(loaded)
    r = ours(loaded, binaries, ["-R", str(ctlib.DATA / "good.txt")])
    assert (r.rc, r.stderr) == (0, b"")
    after = entries(loaded)
    assert has(after, "tcp", "src=5.5.5.1 dst=6.6.6.1", "ESTABLISHED")
    assert has(after, "udp", "src=5.5.5.2 dst=6.6.6.2", "mark=7 ")
    assert has(after, "udp", "src=5.5.5.3 dst=6.6.6.3", "[ASSURED]")
    assert not has(after, "sport=1026 dport=443")            # -D
    assert has(after, "sport=5353 dport=53", "mark=42 ")      # -U
    assert not has(after, " gre ")                            # -D -p gre
    assert has(after, "src=2001:db8::aa dst=2001:db8::bb", "zone=3 ")
    assert len(after) == len(before) + 4 - 2
    # every -D/-U line prints what it touched, once, in file order
    out = r.stdout.decode().splitlines()
    assert [l.split()[0] for l in out] == ["tcp", "udp", "gre"]


def test_stdin_dash_is_the_same_as_the_file(loaded, binaries):
    ours(loaded, binaries, ["-R", str(ctlib.DATA / "good.txt")])
    from_file = loaded.table()
    loaded.reset()
    r = ours(loaded, binaries, ["-R", "-"], stdin=ctlib.DATA / "good.txt")
    assert r.rc == 0
    assert loaded.table() == from_file


def test_bad_line_in_the_middle_applies_nothing(loaded, binaries):
    before = loaded.table()
    path = ctlib.DATA / "badline.txt"
    r = ours(loaded, binaries, ["-R", str(path)])
    assert r.rc == 2
    assert r.stdout == b""
    assert r.stderr == (P + b"unknown TCP state `NOPE'\n"
                        + f"conntrack: error at line 3 of {path}\n".encode()
                        + TRY)
    assert loaded.table() == before          # not even the -I of line 2


def test_bad_line_from_stdin_names_dev_stdin(loaded, binaries):
    before = loaded.table()
    r = ours(loaded, binaries, ["-R", "-"], stdin=ctlib.DATA / "badline.txt")
    assert r.rc == 2
    assert b"conntrack: error at line 3 of /dev/stdin\n" in r.stderr
    assert loaded.table() == before


def test_kernel_rejections_are_each_reported(loaded, binaries):
    """docs/differences.md #20: every refused -I line is reported with its
    number, the other lines are applied, in order, and the exit status
    is 1."""
    before = entries(loaded)
    path = ctlib.DATA / "kernel-reject.txt"
    r = ours(loaded, binaries, ["-R", str(path)])
    assert r.rc == 1
    refused = P + b"Operation failed: Such conntrack exists, try -U to update\n"
    assert r.stderr == (refused + f"conntrack: error at line 3 of {path}\n".encode()
                        + refused + f"conntrack: error at line 8 of {path}\n".encode())
    # line 10 (-D) ran after the batch holding line 1 had been applied
    assert r.stdout.startswith(b"udp      17 <T> src=5.5.5.1 dst=6.6.6.1 ")
    after = entries(loaded)
    assert not has(after, "src=5.5.5.1 dst=6.6.6.1")   # line 1, deleted by line 10
    assert has(after, "src=5.5.5.2 dst=6.6.6.2")       # line 4: applied
    assert len(after) == len(before) + 1


def _big_file(tmp_path, n, bad_line=None):
    path = tmp_path / "big.txt"
    with open(path, "w") as f:
        for i in range(n):
            if i + 1 == bad_line:
                f.write("-I --bogus\n")
                continue
            f.write(f"-I -s 10.9.{i // 250}.{i % 250 + 1} -d 10.8.0.1 -p udp "
                    f"--sport {1000 + i % 50000} --dport 53 -t 600\n")
    return path


def test_many_lines_in_batches(loaded, binaries, tmp_path):
    """More lines than one batch holds: all applied, each exactly once;
    a second load refuses every line and reports each one."""
    n = 5000
    path = _big_file(tmp_path, n)
    before = len(entries(loaded))
    r = ours(loaded, binaries, ["-R", str(path)])
    assert (r.rc, r.stdout, r.stderr) == (0, b"", b"")
    assert len(entries(loaded)) == before + n
    r = ours(loaded, binaries, ["-R", str(path)])
    assert r.rc == 1
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 2 * n
    assert lines[-1] == f"conntrack: error at line {n} of {path}"
    assert len(entries(loaded)) == before + n


def test_bad_last_line_applies_nothing(loaded, binaries, tmp_path):
    """The first pass reads the whole file before anything is applied."""
    path = _big_file(tmp_path, 3000, bad_line=3000)
    before = loaded.table()
    r = ours(loaded, binaries, ["-R", str(path)])
    assert r.rc == 2
    assert f"conntrack: error at line 3000 of {path}\n".encode() in r.stderr
    assert loaded.table() == before


def test_pipe_is_read_twice_through_a_copy(loaded, binaries, tmp_path):
    """stdin that cannot be rewound (a pipe) works as a file does."""
    path = _big_file(tmp_path, 2000)
    before = len(entries(loaded))
    r = loaded.ct(binaries.ours, ["-R", "-"], stdin_pipe=path.read_bytes()).norm()
    assert (r.rc, r.stderr) == (0, b"")
    assert len(entries(loaded)) == before + 2000


def test_warnings_are_printed_once(loaded, binaries):
    """The second pass parses again but does not warn again."""
    r = ours(loaded, binaries, ["-R", str(ctlib.DATA / "warnings.txt")])
    assert r.rc == 0
    assert r.stderr == (b"WARNING: ignoring -a, deprecated option.\n"
                        b"WARNING: ignoring SRC_NAT, use --src-nat instead\n")


def test_missing_file(loaded, binaries):
    before = loaded.table()
    path = ctlib.DATA / "does-not-exist.txt"
    r = ours(loaded, binaries, ["-R", str(path)])
    assert r.rc == 2
    assert r.stderr == (P + f"Failed to open file {path} for reading\n".encode()
                        + TRY)
    assert loaded.table() == before


def test_labels_in_a_file(loaded, binaries):
    """1.4.7 segfaults here (see known_differences); ours applies it."""
    r = ours(loaded, binaries, ["-R", str(ctlib.DATA / "labels-two.txt")])
    assert (r.rc, r.stdout, r.stderr) == (0, b"", b"")
    after = entries(loaded)
    assert has(after, "src=5.5.5.1 dst=6.6.6.1", "labels=web")
    assert has(after, "src=5.5.5.2 dst=6.6.6.2")
