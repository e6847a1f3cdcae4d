"""Regression tests for bugs found in review (ours only; repeated -p is in
the differential table)."""

import ctlib

P = b"conntrack v<VERSION> (conntrack-tools): "
TRY = b"Try `conntrack -h' or 'conntrack --help' for more information.\n"


def run(ns, binaries, args):
    return ns.ct(binaries.ours, args).norm()


def test_labelmap_path_survives_its_r_line(loaded, binaries, tmp_path):
    """--labelmap on one -R line, a label on a later one: the path must
    still be valid (it was freed with the line's words)."""
    lm = tmp_path / "labels.conf"
    lm.write_text("0 alpha\n1 beta\n")
    f = tmp_path / "rules"
    f.write_text(f"-D --labelmap {lm} -s 1.2.3.4\n-D -l beta\n")
    r = run(loaded, binaries, ["-R", str(f)])
    assert (r.rc, r.stderr) == (0, b"")


def test_r_file_checked_whole_before_applying(loaded, binaries, tmp_path):
    """A mask without its address on line 2 stops the file before line 1
    deletes anything."""
    before = loaded.table()
    f = tmp_path / "rules"
    f.write_text("-D -p tcp --dport 80\n-D --mask-src 255.0.0.0\n")
    r = run(loaded, binaries, ["-R", str(f)])
    assert r.rc == 2
    assert r.stderr == (P + b"Can't use --mask-src without --src\n"
                        + f"conntrack: error at line 2 of {f}\n".encode() + TRY)
    assert loaded.table() == before


def test_r_output_format_is_per_line(loaded, binaries, tmp_path):
    f = tmp_path / "rules"
    f.write_text("-D -s 192.168.1.1 -p tcp --sport 1025\n"
                 "-D -s 192.168.1.3 -p tcp --sport 1027 -o save\n")
    r = run(loaded, binaries, ["-R", str(f)])
    assert r.rc == 0
    first, second = r.stdout.decode().splitlines()
    assert first.startswith("tcp      6 ")
    assert second.startswith("-D -t ")


def test_r_long_line_is_refused(loaded, binaries, tmp_path):
    before = loaded.table()
    f = tmp_path / "rules"
    f.write_text("-D -s 192.168.1.1 " + "-p tcp " * 1500 + "\n")
    r = run(loaded, binaries, ["-R", str(f)])
    assert r.rc == 2
    assert r.stderr.startswith(P + b"line too long (at most 10238 bytes)\n"
                               + f"conntrack: error at line 1 of {f}\n".encode())
    assert loaded.table() == before


def test_label_beyond_kernel_bits(loaded, binaries, tmp_path):
    lm = tmp_path / "labels.conf"
    lm.write_text("0 alpha\n200 big\n")
    for args in (["-L", "-l", "big"],
                 ["-I", "-s", "7.7.7.7", "-d", "8.8.8.8", "-p", "udp", "--sport",
                  "1", "--dport", "2", "-t", "9", "--label-add", "big"]):
        r = run(loaded, binaries, args + ["--labelmap", str(lm)])
        assert r.rc == 2
        assert r.stderr == (P + b"label 'big' is bit 200, beyond the 128 bits "
                            b"the kernel keeps\n" + TRY)


def test_write_error_is_not_success(loaded, binaries):
    argv = ["ip", "netns", "exec", loaded.name, "bash", "-c",
            f'exec -a conntrack "{binaries.ours}" -L >/dev/full']
    out, err, rc = ctlib._run(argv)
    assert rc == 1
    assert b"conntrack: error writing the output: No space left on device" in err
