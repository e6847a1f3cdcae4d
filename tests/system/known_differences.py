"""Deliberate differences from conntrack 1.4.7.

KNOWN maps a line of cases_conntrack.txt (exactly as written there) to a
Known object: why we differ, and OUR exact expected behaviour.  The
expectations are normalised text (see ctlib.normalise): the message prefix
is written "conntrack v<VERSION> (conntrack-tools): " and timeouts "<T>".

Fields left as None are taken from the reference run of the same line (so a
Known only states what differs); `table_ref` gives reference command lines
that, run on a freshly loaded fixture, produce the table we must end with
([] = the fixture unchanged).

Deliberate differences from the brief, where they are tested:
  (a) -U prints every updated entry once ........ -U cases, -R good.txt
  (b) -U without -f uses each entry's family .... "-U -p tcp -m 9", ...
  (c) -u does not overwrite -m .................. "-L -m 1 -u ASSURED", ...
  (d) --id without a value: error, exit 2 ....... "-L --id", "-L --id 5"
  (e) unknown SCTP --state: error, exit 2 ....... "... --state BOGUS"
  (f) -R errors name file and line .............. the -R bad-file cases
  (g) entries vanishing between dump and -D/-U .. not tested (races only)
  (h) -U sends each entry's zones ............... "-U -p tcp -m 9", ...
  (i) --labelmap FILE ........................... the --labelmap cases
Entries with proposed=True were found while writing the suite and are not
in the brief's list; the report lists them for confirmation.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Callable, List, Optional

import ctlib

P = "conntrack v<VERSION> (conntrack-tools): "
TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n"


@dataclass
class Known:
    reason: str
    rc: Optional[int] = None
    stdout: Optional[str] = None
    stderr: Optional[str] = None
    stdout_sorted: bool = False
    table_ref: Optional[List[str]] = None
    transform: Optional[Callable] = None    # (Result, Binaries) -> Result
    # True: found by the test author, NOT in the brief's list of deliberate
    # differences; listed separately in the report for confirmation.
    proposed: bool = False

    def expected(self, ns: ctlib.Netns, binaries, case) -> ctlib.Result:
        ref = None
        if (self.transform is not None or self.table_ref is None
                or None in (self.rc, self.stdout, self.stderr)):
            ns.reset(case.empty)
            ref = ns.ct(binaries.ref, case.args, stdin=case.stdin).norm()
            ref.table = ns.table()
        exp = ctlib.Result(
            stdout=self.stdout.encode() if self.stdout is not None else ref.stdout,
            stderr=self.stderr.encode() if self.stderr is not None else ref.stderr,
            rc=self.rc if self.rc is not None else ref.rc,
            table=ref.table if ref is not None else None)
        if self.transform is not None:
            exp = self.transform(exp, binaries)
        if self.table_ref is not None:
            ns.reset(case.empty)
            for cmd in self.table_ref:
                ns.ref_must(shlex.split(cmd))
            exp.table = ns.table()
        return exp


def _help_banner(exp: ctlib.Result, binaries) -> ctlib.Result:
    """The usage text starts "... Version X.Y.Z": ours prints its own."""
    old = f"Version {binaries.ref_version}\n".encode()
    new = f"Version {binaries.ours_version}\n".encode()
    if old not in exp.stdout:
        raise AssertionError("reference usage text has no version banner")
    return ctlib.Result(exp.stdout.replace(old, new, 1), exp.stderr, exp.rc,
                        exp.table)


def _load_error_line(lineno: int, name: str):
    """(f): after the reference's message, one more stderr line names the
    -R file and line.  name: a data/ file, or "-" for stdin."""
    path = "/dev/stdin" if name == "-" else str(ctlib.DATA / name)
    extra = f"conntrack: error at line {lineno} of {path}\n".encode()

    def transform(exp: ctlib.Result, binaries) -> ctlib.Result:
        i = exp.stderr.index(b"\n") + 1
        return ctlib.Result(exp.stdout, exp.stderr[:i] + extra + exp.stderr[i:],
                            exp.rc, exp.table)
    return transform


KNOWN = {}


def known(line: str, **kw):
    assert line not in KNOWN, line
    KNOWN[line] = Known(**kw)


# Entries of the fixture as our -L / -U / -D print them (default format).
E_TCP1025 = ("tcp      6 <T> ESTABLISHED src=192.168.1.1 dst=192.168.1.2 "
             "sport=1025 dport=80 [UNREPLIED] src=192.168.1.2 dst=192.168.1.1 "
             "sport=80 dport=1025 [ASSURED] mark={mark} use={use}\n")
TCP_ALL_MARK9 = """\
tcp      6 <T> ESTABLISHED src=192.168.1.1 dst=192.168.1.2 sport=1025 dport=80 [UNREPLIED] src=192.168.1.2 dst=192.168.1.1 sport=80 dport=1025 [ASSURED] mark=9 use=2
tcp      6 <T> SYN_SENT src=192.168.1.1 dst=192.168.1.2 sport=1026 dport=443 [UNREPLIED] src=192.168.1.2 dst=192.168.1.1 sport=443 dport=1026 mark=9 use=2
tcp      6 <T> SYN_RECV src=192.168.1.3 dst=192.168.1.2 sport=1027 dport=22 [UNREPLIED] src=192.168.1.2 dst=192.168.1.3 sport=22 dport=1027 mark=9 use=2
tcp      6 <T> FIN_WAIT src=192.168.1.3 dst=192.168.1.4 sport=1028 dport=22 [UNREPLIED] src=192.168.1.4 dst=192.168.1.3 sport=22 dport=1028 [ASSURED] mark=9 use=2
tcp      6 <T> CLOSE_WAIT src=192.168.1.4 dst=192.168.1.5 sport=1029 dport=25 [UNREPLIED] src=192.168.1.5 dst=192.168.1.4 sport=25 dport=1029 mark=9 use=2
tcp      6 <T> LAST_ACK src=192.168.1.5 dst=192.168.1.6 sport=1030 dport=25 [UNREPLIED] src=192.168.1.6 dst=192.168.1.5 sport=25 dport=1030 mark=9 use=2
tcp      6 <T> TIME_WAIT src=192.168.1.6 dst=192.168.1.7 sport=1031 dport=25 [UNREPLIED] src=192.168.1.7 dst=192.168.1.6 sport=25 dport=1031 mark=9 use=2
tcp      6 <T> CLOSE src=192.168.1.7 dst=192.168.1.8 sport=1032 dport=25 [UNREPLIED] src=192.168.1.8 dst=192.168.1.7 sport=25 dport=1032 mark=9 use=2
tcp      6 <T> SYN_SENT2 src=192.168.1.8 dst=192.168.1.9 sport=1033 dport=25 [UNREPLIED] src=192.168.1.9 dst=192.168.1.8 sport=25 dport=1033 mark=9 use=2
tcp      6 <T> SYN_SENT2 src=192.168.1.9 dst=192.168.1.10 sport=1034 dport=25 [UNREPLIED] src=192.168.1.10 dst=192.168.1.9 sport=25 dport=1034 mark=9 use=2
tcp      6 <T> NONE src=192.168.1.10 dst=192.168.1.11 sport=1035 dport=25 [UNREPLIED] src=192.168.1.11 dst=192.168.1.10 sport=25 dport=1035 mark=9 use=2
tcp      6 <T> ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1000 dport=80 [UNREPLIED] src=10.0.0.2 dst=10.0.0.9 sport=80 dport=5000 [ASSURED] mark=9 use=2
tcp      6 <T> ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1001 dport=80 [UNREPLIED] src=10.0.0.8 dst=10.0.0.1 sport=80 dport=1001 mark=9 use=2
tcp      6 <T> ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1002 dport=80 [UNREPLIED] src=10.0.0.8 dst=10.0.0.9 sport=8080 dport=1002 mark=9 use=2
tcp      6 <T> ESTABLISHED src=2001:db8::1 dst=2001:db8::2 sport=2000 dport=80 [UNREPLIED] src=2001:db8::2 dst=2001:db8::1 sport=80 dport=2000 [ASSURED] mark=9 use=2
tcp      6 <T> ESTABLISHED src=2001:db8::1 dst=2001:db8::2 sport=2001 dport=80 [UNREPLIED] src=2001:db8::2 dst=2001:db8::9 sport=80 dport=6000 mark=9 use=2
tcp      6 <T> ESTABLISHED src=192.168.9.1 dst=192.168.9.2 sport=1 dport=2 [UNREPLIED] src=192.168.9.2 dst=192.168.9.1 sport=2 dport=1 mark=9 use=2
tcp      6 <T> ESTABLISHED src=192.168.8.1 dst=192.168.8.2 sport=1 dport=2 [UNREPLIED] src=192.168.8.2 dst=192.168.8.1 sport=2 dport=1 mark=9 zone=10 use=2
tcp      6 <T> ESTABLISHED src=192.168.8.1 dst=192.168.8.2 sport=1 dport=2 [UNREPLIED] src=192.168.8.2 dst=192.168.8.1 sport=2 dport=1 mark=9 zone=20 use=2
"""
UDP_V4_MARK9 = """\
udp      17 <T> src=192.168.2.1 dst=192.168.2.2 sport=5353 dport=53 [UNREPLIED] src=192.168.2.2 dst=192.168.2.1 sport=53 dport=5353 mark=9 use=2
udp      17 <T> src=192.168.2.1 dst=192.168.2.3 sport=5354 dport=53 src=192.168.2.3 dst=192.168.2.1 sport=53 dport=5354 [ASSURED] mark=9 use=2
udp      17 <T> src=192.168.8.3 dst=192.168.8.4 sport=1 dport=3 [UNREPLIED] src=192.168.8.4 dst=192.168.8.3 sport=3 dport=1 zone-reply=31 mark=9 use=2
udp      17 <T> src=192.168.8.3 dst=192.168.8.4 sport=1 dport=2 zone-orig=30 [UNREPLIED] src=192.168.8.4 dst=192.168.8.3 sport=2 dport=1 mark=9 use=2
udp      17 <T> src=192.168.9.1 dst=192.168.9.3 sport=1 dport=2 [UNREPLIED] src=192.168.9.3 dst=192.168.9.1 sport=2 dport=1 mark=9 use=2
udp      17 <T> src=192.168.9.4 dst=192.168.9.5 sport=7 dport=8 [UNREPLIED] src=192.168.9.5 dst=192.168.9.4 sport=8 dport=7 mark=9 use=2
udp      17 <T> src=192.168.10.1 dst=192.168.10.2 sport=9 dport=10 [UNREPLIED] src=192.168.10.2 dst=192.168.10.1 sport=10 dport=9 mark=9 use=2
"""
# 1.4.7's -U sends no zone, so the kernel looks for the entries with -w 10,
# -w 20 and --orig-zone 30 in zone 0 and answers ENOENT; ours sends each
# entry's zones and updates them (ZONES below). The reference cannot update
# them, so the expected table recreates them with the new mark.
ZONES = ("(h) -U sends each entry's zones, so entries in a zone are updated "
         "(1.4.7: 'Operation failed: No such file or directory')")
ZONED_TCP_MARK9 = [
    "-D -w 10 -s 192.168.8.1 -p tcp",
    "-D -w 20 -s 192.168.8.1 -p tcp",
    "-I -s 192.168.8.1 -d 192.168.8.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 3600 -w 10 -m 9",
    "-I -s 192.168.8.1 -d 192.168.8.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 3600 -w 20 -m 9",
]
ZONED_UDP_MARK9 = [
    "-D --orig-zone 30 -s 192.168.8.3 -p udp",
    "-I -s 192.168.8.3 -d 192.168.8.4 -p udp --sport 1 --dport 2 -t 3600 --orig-zone 30 -m 9",
]

# -- help / usage: only the banner version differs ---------------------------
HELP = "ours prints its own version in the usage banner (like the prefix)"
for _line in ("@noargs", "-h", "--help", "-"):
    known(_line, reason=HELP, transform=_help_banner)

# -- (a) -U prints every updated entry once ----------------------------------
A = "(a) -U prints every updated entry once (1.4.7 loses netlink acks)"
B = "(b) -U works without -f: each entry's own family is used"
known("-U -p tcp -m 9", reason=A + "; " + B + "; " + ZONES,
      rc=0, stdout=TCP_ALL_MARK9, stdout_sorted=True,
      stderr=P + "19 flow entries have been updated.\n",
      table_ref=["-U -f ipv4 -p tcp -m 9", "-U -f ipv6 -p tcp -m 9"] + ZONED_TCP_MARK9)
known("-U -f ipv4 -p udp -m 9", reason=A + "; " + ZONES,
      rc=0, stdout=UDP_V4_MARK9, stdout_sorted=True,
      stderr=P + "7 flow entries have been updated.\n",
      table_ref=["-U -f ipv4 -p udp -m 9"] + ZONED_UDP_MARK9)
known("-U -u ASSURED -m 9 -f ipv4 -s 192.168.2.1", reason=A,
      rc=0, stdout_sorted=True,
      stdout="udp      17 <T> src=192.168.2.1 dst=192.168.2.2 sport=5353 dport=53 "
             "[UNREPLIED] src=192.168.2.2 dst=192.168.2.1 sport=53 dport=5353 "
             "[ASSURED] mark=9 use=2\n"
             "udp      17 <T> src=192.168.2.1 dst=192.168.2.3 sport=5354 dport=53 "
             "src=192.168.2.3 dst=192.168.2.1 sport=53 dport=5354 [ASSURED] "
             "mark=9 use=2\n",
      stderr=P + "2 flow entries have been updated.\n",
      table_ref=["-U -u ASSURED -m 9 -f ipv4 -s 192.168.2.1"])
# good.txt in -R: the reference parses every line first and options of later
# lines leak into earlier commands: the "-D -p gre" after the -U line makes
# the -U match nothing (and print nothing).  We apply each line as written:
# the table must equal the reference running the lines one by one.
GOOD_LINES = [
    "-I -s 5.5.5.1 -d 6.6.6.1 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 500",
    "-A -s 5.5.5.2 -d 6.6.6.2 -p udp --sport 1 --dport 2 -t 500 -m 7",
    "-I -s 5.5.5.3 -d 6.6.6.3 -p udp --sport 3 --dport 4 -t 500 -u ASSURED,SEEN_REPLY",
    "-D -s 192.168.1.1 -p tcp --sport 1026",
    "-U -f ipv4 -s 192.168.2.1 -p udp --sport 5353 -m 42",
    "-D -p gre",
    "-I -s 2001:db8::aa -d 2001:db8::bb -p udp --sport 5 --dport 6 -t 500 -w 3",
]
LEAK = ("1.4.7 -R parses all lines first and options of later lines leak into "
        "earlier commands (the -U here updates nothing); ours applies each "
        "line as written")
GOOD_STDOUT = (
    "tcp      6 <T> SYN_SENT src=192.168.1.1 dst=192.168.1.2 sport=1026 "
    "dport=443 [UNREPLIED] src=192.168.1.2 dst=192.168.1.1 sport=443 "
    "dport=1026 mark=2 use=1\n"
    "udp      17 <T> src=192.168.2.1 dst=192.168.2.2 sport=5353 dport=53 "
    "[UNREPLIED] src=192.168.2.2 dst=192.168.2.1 sport=53 dport=5353 "
    "mark=42 use=2\n"
    "gre      47 <T> src=192.168.5.1 dst=192.168.5.2 srckey=0x1234 "
    "dstkey=0x5678 [UNREPLIED] src=192.168.5.2 dst=192.168.5.1 "
    "srckey=0x5678 dstkey=0x1234 mark=0 use=1\n")
for _line in ("-R {data}/good.txt", "--load-file {data}/good.txt",
              "@stdin=good.txt -R -", "-R {data}/good.txt -L"):
    known(_line, proposed=True, reason=LEAK + "; and " + A,
          rc=0, stdout=GOOD_STDOUT, stderr="", table_ref=GOOD_LINES)
known("-R {data}/quotes-escape.txt",
      reason="(c) -u ASSURED after -m \"1\\0\" (= 10) keeps mark 10 "
             "(1.4.7 sets the mark to the status bits, 4)",
      rc=0, stdout="", stderr="",
      table_ref=["-I -s 5.5.5.1 -d 6.6.6.1 -p udp --sport 1 --dport 2 -t 500 "
                 "-u ASSURED -m 10",
                 "-I -s 5.5.5.2 -d 6.6.6.2 -p udp --sport 1 --dport 2 -t 500 "
                 "-m 0"])

# -- (b) -U without -f --------------------------------------------------------
known("-U -m 9 -p udp --sport 5353", reason=B,
      rc=0, stdout="udp      17 <T> src=192.168.2.1 dst=192.168.2.2 sport=5353 "
                   "dport=53 [UNREPLIED] src=192.168.2.2 dst=192.168.2.1 sport=53 "
                   "dport=5353 mark=9 use=2\n",
      stderr=P + "1 flow entries have been updated.\n",
      table_ref=["-U -f ipv4 -m 9 -p udp --sport 5353"])
known("-R {data}/update-nofamily.txt", reason=B + " (inside -R)",
      rc=0, stdout="udp      17 <T> src=192.168.2.1 dst=192.168.2.2 sport=5353 "
                   "dport=53 [UNREPLIED] src=192.168.2.2 dst=192.168.2.1 sport=53 "
                   "dport=5353 mark=42 use=2\n",
      stderr="",
      table_ref=["-U -f ipv4 -p udp --sport 5353 -m 42"])

# -- (c) -u after -m keeps the mark --------------------------------------------
C = "(c) -u STATUS does not overwrite the -m value (1.4.7 bug)"
known("-L -m 1 -u ASSURED", reason=C,
      rc=0, stdout=E_TCP1025.format(mark=1, use=1),
      stderr=P + "1 flow entries have been shown.\n", table_ref=[])
known("-D -m 1 -u ASSURED", reason=C,
      rc=0, stdout=E_TCP1025.format(mark=1, use=1),
      stderr=P + "1 flow entries have been deleted.\n",
      table_ref=["-D -s 192.168.1.1 -d 192.168.1.2 -p tcp --sport 1025 --dport 80"])

# -- (d) --id without a value ----------------------------------------------------
D = "(d) --id without a value is an error (1.4.7 crashes)"
for _line in ("-L --id", "-L --id 5"):
    known(_line, reason=D, rc=2, stdout="",
          stderr=P + "option `--id' requires an argument\n" + TRY, table_ref=[])

# -- (e) unknown SCTP state --------------------------------------------------------
E = "(e) an unknown SCTP --state is an error (1.4.7 crashes)"
for _line in ("-L -p sctp --state BOGUS",
              "-I -s 5.5.5.5 -d 6.6.6.6 -p sctp --sport 1 --dport 2 --state BOGUS "
              "--orig-vtag 1 --reply-vtag 2 -t 50"):
    known(_line, reason=E, rc=2, stdout="",
          stderr=P + "unknown SCTP state `BOGUS'\n" + TRY, table_ref=[])

# -- (f) -R errors name the file and line -------------------------------------------
F = "(f) an error in a -R file adds 'conntrack: error at line N of FILE'"
for _line, _n, _name in (
        ("-R {data}/badline.txt", 3, "badline.txt"),
        ("@stdin=badline.txt -R -", 3, "-"),
        ("-R {data}/badline-addr.txt", 2, "badline-addr.txt"),
        ("-R {data}/badline-option.txt", 3, "badline-option.txt"),
        ("-R {data}/badline-quote.txt", 2, "badline-quote.txt"),
        ("-R {data}/list.txt", 2, "list.txt"),
        ("-R {data}/get.txt", 1, "get.txt"),
        ("-R {data}/count.txt", 1, "count.txt"),
        ("-R {data}/stats.txt", 1, "stats.txt"),
        ("-R {data}/version.txt", 1, "version.txt"),
        ("-R {data}/nested.txt", 1, "nested.txt"),
        ("-R {data}/nocommand.txt", 1, "nocommand.txt"),
        ("-R {data}/crlf.txt", 1, "crlf.txt"),
        ("-R {data}/update-bad-label.txt", 1, "update-bad-label.txt"),
        ("-R {data}/single-quotes.txt", 3, "single-quotes.txt"),
        ("-R {data}/quote-splits.txt", 1, "quote-splits.txt"),
        ("-R {data}/longword.txt", 1, "longword.txt"),
        ("-R {data}/manywords.txt", 1, "manywords.txt"),
        ("-R {data}/illegal-combo.txt", 2, "illegal-combo.txt"),
):
    known(_line, reason=F, transform=_load_error_line(_n, _name))

# -- (g) -R goes on past -I/-A lines the kernel refuses ------------------------------
_KR = str(ctlib.DATA / "kernel-reject.txt")
known("-R {data}/kernel-reject.txt",
      reason="(g) every -I/-A line the kernel refuses is reported with its "
             "number and the load goes on (1.4.7 stops at the first); "
             "docs/differences.md #20",
      rc=1,
      stdout="udp      17 <T> src=5.5.5.1 dst=6.6.6.1 sport=1 dport=2 "
             "[UNREPLIED] src=6.6.6.1 dst=5.5.5.1 sport=2 dport=1 mark=0 use=1\n",
      stderr=P + "Operation failed: Such conntrack exists, try -U to update\n"
             f"conntrack: error at line 3 of {_KR}\n"
             + P + "Operation failed: Such conntrack exists, try -U to update\n"
             f"conntrack: error at line 8 of {_KR}\n",
      table_ref=["-I -s 5.5.5.2 -d 6.6.6.2 -p udp --sport 1 --dport 2 -t 500"])

# -- found while writing the suite: NOT in the brief's list ---------------------
known("-R {data}/labels-two.txt", proposed=True,
      reason="1.4.7 segfaults on a -R file with a --label-add line and any "
             "other line; ours applies the file",
      rc=0, stdout="", stderr="",
      table_ref=["-I -s 5.5.5.1 -d 6.6.6.1 -p udp --sport 1 --dport 2 -t 500 "
                 "--label-add web",
                 "-I -s 5.5.5.2 -d 6.6.6.2 -p udp --sport 1 --dport 2 -t 500"])


# -- --labelmap FILE (ours; later conntrack-tools) ------------------------------
LM = ("--labelmap FILE reads label names from FILE (an option of later "
      "conntrack-tools; 1.4.7 rejects it)")
E_UDP_LABELS = ("udp      17 <T> src=192.168.9.1 dst=192.168.9.3 sport=1 dport=2 "
                "[UNREPLIED] src=192.168.9.3 dst=192.168.9.1 sport=2 dport=1 "
                "mark=5 use=1{labels}\n")
known("-L -o labels -p udp -s 192.168.9.1 --labelmap {data}/alt-labels.conf",
      reason=LM, rc=0, stdout=E_UDP_LABELS.format(labels=" labels=alpha,beta,gamma"),
      stderr=P + "1 flow entries have been shown.\n", table_ref=[])
known("-L -l gamma --labelmap {data}/alt-labels.conf",
      reason=LM + "; -l opens the label map, so labels print (as in 1.4.7)",
      rc=0, stdout=E_UDP_LABELS.format(labels=" labels=alpha,beta,gamma"),
      stderr=P + "1 flow entries have been shown.\n", table_ref=[])
known("-L -l web --labelmap={data}/alt-labels.conf",
      reason=LM + "; 'web' is not a name in that file", rc=2, stdout="",
      stderr=P + "unknown label 'web'\n" + TRY, table_ref=[])
