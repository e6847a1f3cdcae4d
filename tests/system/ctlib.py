"""Helpers of the conntrack system tests: normaliser, case table, namespaces.

Nothing here touches the host's own conntrack table: every command runs
through `ip netns exec NAME` in a namespace created by the tests.
"""
from __future__ import annotations

import itertools
import os
import re
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CASES_FILE = HERE / "cases_conntrack.txt"
FIXTURE_ENTRIES = HERE / "fixture_entries.txt"
FIXTURE_LABELS = HERE / "fixture_labels.txt"
TRAFFIC = HERE / "traffic.py"

# The normal build of this checkout, wherever it is cloned.
DEFAULT_OURS = str(Path(__file__).resolve().parents[2] / "build/src/conntrack/conntrack")
DEFAULT_REF = "/usr/sbin/conntrack"

CONNLABEL_CONF = Path("/etc/xtables/connlabel.conf")
CONNLABEL_TEXT = "0 foo\n1 bar\n5 web\n127 high\n"

CMD_TIMEOUT = 10        # seconds, per conntrack process
NS_PREFIX = "ctsys"     # namespaces are named ctsys-<pid>-<n>

VARIANTS = ("base", "acct")

# argv[0] given to both binaries, so "Usage: %s" lines are comparable.
ARGV0 = "conntrack"


# ---------------------------------------------------------------------------
# The normaliser.  It rewrites ONLY what legitimately changes between two
# dumps of the same table, or between the two programs' versions:
#   * the version in "conntrack vX.Y.Z (conntrack-tools)"
#   * timeouts: default/extended lines, "-A -t N" save lines, <timeout>
#   * the conntrack id: "id=N" after the tuples (NOT the ICMP "id=" that
#     follows "code=N"), <id> inside <meta direction="independent">
#   * delta-time=N, <deltatime>
#   * timestamps: [start=...], [stop=...], <start>, <stop>
# ---------------------------------------------------------------------------
VERSION_TEXT = b"conntrack v<VERSION> (conntrack-tools)"

_RE_VERSION = re.compile(rb"conntrack v[0-9][0-9A-Za-z.+~_-]* \(conntrack-tools\)")
# [l3name l3num] l4name l4num TIMEOUT <space>   (default, extended formats)
_RE_PLAIN_TIMEOUT = re.compile(
    rb"^((?:(?:ipv4|ipv6|unknown)\s+\d+\s+)?[A-Za-z0-9_-]+\s+\d+\s+)\d+(?= )")
_RE_SAVE_TIMEOUT = re.compile(rb"^(-[AI] (?:.* )?)-t \d+(?= |$)")
_RE_ID = re.compile(rb"(code=\d+ )?(?<![\w-])id=\d+")
_RE_DELTA = re.compile(rb"(?<![\w-])delta-time=\d+")
_RE_BRACKET_TS = re.compile(rb"\[(start|stop)=[^\]\n]*\]")
_RE_XML_SIMPLE = re.compile(rb"<(timeout|deltatime|start|stop)>\d+</\1>")
_RE_XML_INDEP = re.compile(rb'<meta direction="independent">.*?</meta>')
_RE_XML_ID = re.compile(rb"<id>\d+</id>")


def _id_sub(m: re.Match) -> bytes:
    if m.group(1):              # ICMP id in a tuple: keep
        return m.group(0)
    return b"id=<ID>"


def _norm_line(line: bytes) -> bytes:
    line = _RE_VERSION.sub(VERSION_TEXT, line)
    if b" src=" in line and not line.startswith(b"-"):
        line = _RE_PLAIN_TIMEOUT.sub(rb"\1<T>", line, count=1)
        line = _RE_ID.sub(_id_sub, line)
        line = _RE_DELTA.sub(b"delta-time=<D>", line)
        line = _RE_BRACKET_TS.sub(rb"[\1=<TS>]", line)
    elif line.startswith(b"-A ") or line.startswith(b"-I "):
        line = _RE_SAVE_TIMEOUT.sub(rb"\1-t <T>", line, count=1)
    if b"<" in line:
        line = _RE_XML_SIMPLE.sub(rb"<\1><N></\1>", line)
        line = _RE_XML_INDEP.sub(
            lambda m: _RE_XML_ID.sub(b"<id><ID></id>", m.group(0)), line)
    return line


def normalise(data: bytes) -> bytes:
    """Normalise one program output (bytes in, bytes out, line structure
    and the presence/absence of the final newline kept)."""
    return b"".join(_norm_line(l) for l in data.splitlines(keepends=True))


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------
@dataclass
class Result:
    stdout: bytes
    stderr: bytes
    rc: Optional[int]           # None: killed after the timeout
    table: Optional[str] = None  # normalised, sorted table after the command

    def norm(self) -> "Result":
        return Result(normalise(self.stdout), normalise(self.stderr),
                      self.rc, self.table)


def rc_text(rc: Optional[int]) -> str:
    if rc is None:
        return "TIMEOUT"
    if rc < 0:
        try:
            return f"{rc} (killed by {signal.Signals(-rc).name})"
        except ValueError:
            return f"{rc} (killed by signal {-rc})"
    return str(rc)


# ---------------------------------------------------------------------------
# The case table
# ---------------------------------------------------------------------------
@dataclass
class Case:
    lineno: int
    text: str                   # the line as written (key of KNOWN)
    args: List[str]
    variant: str = "base"
    stdin: Optional[Path] = None
    empty: bool = False         # @empty: no fixture, the table starts empty

    @property
    def ident(self) -> str:
        return f"L{self.lineno}:{self.text}"


def parse_case_line(lineno: int, line: str) -> Optional[Case]:
    """One table line: [@acct] [@empty] [@stdin=FILE] ARGS...  or  @noargs.
    '#' starts a comment line, blank lines are skipped.  {data} expands to
    the data directory; @stdin=FILE is relative to it."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    words = shlex.split(text)
    variant, stdin, empty = "base", None, False
    while words and words[0].startswith("@"):
        tag = words.pop(0)
        if tag == "@acct":
            variant = "acct"
        elif tag == "@noargs":      # conntrack run without any argument
            if words:
                raise ValueError(f"line {lineno}: @noargs with arguments")
        elif tag == "@empty":
            empty = True
        elif tag.startswith("@stdin="):
            stdin = DATA / tag[len("@stdin="):]
        else:
            raise ValueError(f"line {lineno}: unknown tag {tag}")
    args = [w.replace("{data}", str(DATA)) for w in words]
    return Case(lineno, text, args, variant, stdin, empty)


def load_cases(path: Path = CASES_FILE) -> List[Case]:
    cases = []
    seen = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            c = parse_case_line(n, line)
            if c is None:
                continue
            if c.text in seen:
                raise ValueError(f"{path}:{n}: duplicate case {c.text!r}")
            seen.add(c.text)
            cases.append(c)
    return cases


# ---------------------------------------------------------------------------
# Namespaces
# ---------------------------------------------------------------------------
_counter = itertools.count()


def new_ns_name() -> str:
    return f"{NS_PREFIX}-{os.getpid()}-{next(_counter)}"


def _run(argv, stdin=None, timeout=CMD_TIMEOUT, input_bytes=None):
    """Run argv in its own session; on timeout kill that session only."""
    env = dict(os.environ, LC_ALL="C")
    if stdin is not None:
        fin = open(stdin, "rb")
    elif input_bytes is not None:
        fin = subprocess.PIPE
    else:
        fin = subprocess.DEVNULL
    try:
        p = subprocess.Popen(argv, stdin=fin, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
        try:
            out, err = p.communicate(input_bytes, timeout=timeout)
            return out, err, p.returncode
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
            return out, err, None
    finally:
        if stdin is not None:
            fin.close()


class LabError(Exception):
    """The lab itself (namespace, fixture) did not work: not a test verdict."""


NFT_BASE = """\
table inet ctsys {
	# never hooked: only there to switch connlabel support on in this netns
	chain labels {
		ct label set 0
	}
}
"""

NFT_ACCT = NFT_BASE + """\
table inet ctsys_trk {
	# hooked: makes the loopback traffic of traffic.py tracked
	chain out {
		type filter hook output priority 0; policy accept;
		ct state new counter
	}
}
"""


class Netns:
    def __init__(self, ref: str, variant: str = "base"):
        if variant not in VARIANTS:
            raise ValueError(variant)
        self.name = new_ns_name()
        self.ref = ref
        self.variant = variant
        self.created = False

    # -- life cycle --------------------------------------------------------
    def create(self):
        out, err, rc = _run(["ip", "netns", "add", self.name])
        if rc != 0:
            raise LabError(f"ip netns add {self.name}: {err.decode()}")
        self.created = True
        self._must(["ip", "-n", self.name, "link", "set", "lo", "up"])
        nft = NFT_ACCT if self.variant == "acct" else NFT_BASE
        self._must(["ip", "netns", "exec", self.name, "nft", "-f", "-"],
                   input_bytes=nft.encode())
        if self.variant == "acct":
            self._must(["ip", "netns", "exec", self.name, "sysctl", "-q", "-w",
                        "net.netfilter.nf_conntrack_acct=1",
                        "net.netfilter.nf_conntrack_timestamp=1"])
        return self

    def destroy(self):
        if self.created:
            _run(["ip", "netns", "del", self.name])
            self.created = False

    def _must(self, argv, input_bytes=None):
        out, err, rc = _run(argv, input_bytes=input_bytes)
        if rc != 0:
            raise LabError(f"{shlex.join(argv)} -> rc {rc_text(rc)}: "
                           f"{err.decode(errors='replace')}")
        return out

    # -- running -------------------------------------------------------------
    def ct(self, binary: str, args: List[str], stdin: Optional[Path] = None,
           timeout: int = CMD_TIMEOUT, stdin_pipe: Optional[bytes] = None) -> Result:
        """Run BINARY ARGS in the namespace, with argv[0] = 'conntrack';
        stdin from a file, or stdin_pipe written into a pipe."""
        argv = ["ip", "netns", "exec", self.name, "bash", "-c",
                'exec -a "$0" "$@"', ARGV0, binary, *args]
        out, err, rc = _run(argv, stdin=stdin, timeout=timeout,
                            input_bytes=stdin_pipe)
        return Result(out, err, rc)

    def ref_must(self, args: List[str], stdin=None) -> Result:
        r = self.ct(self.ref, args, stdin=stdin)
        if r.rc != 0:
            raise LabError(f"reference conntrack {shlex.join(args)} -> rc "
                           f"{rc_text(r.rc)}: {r.stderr.decode(errors='replace')}")
        return r

    # -- fixture -------------------------------------------------------------
    def reset(self, empty: bool = False):
        """Flush and reload the fixture table (reference binary only);
        with empty=True only flush."""
        if empty:
            self.ref_must(["-F"])
            return
        self.ref_must(["-R", str(FIXTURE_ENTRIES)])
        for n, line in enumerate(FIXTURE_LABELS.read_text().splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                self.ref_must(shlex.split(line))
        if self.variant == "acct":
            self._traffic()

    def _traffic(self, tries: int = 3):
        """Make traffic.py's entries and check their counters: the kernel
        may still hold the flushed, zeroed entry of the same tuple for an
        instant, and the new packets would then be counted on it."""
        for _ in range(tries):
            self._must(["ip", "netns", "exec", self.name, sys.executable,
                        str(TRAFFIC)])
            r = self.ref_must(["-L", "-p", "udp", "--sport", "40000"])
            if b"packets=1 " in r.stdout:
                return
            self.ref_must(["-D", "-p", "udp", "--sport", "40000"])
        raise LabError("traffic.py's entry keeps zero counters")

    def table(self) -> str:
        """The namespace's table as the reference lists it, normalised and
        sorted: all `-L -o save` lines, then all `-L -o extended,labels`
        lines (the save format has no mark, labels or counters)."""
        parts = []
        for fmt in ("save", "extended,labels"):
            r = self.ref_must(["-L", "-o", fmt])
            lines = normalise(r.stdout).decode(errors="replace").splitlines()
            parts.append(f"## -L -o {fmt}")
            parts.extend(sorted(lines))
        return "\n".join(parts) + "\n"


class swap_file:
    """Context manager: PATH holds TEXT inside the block; afterwards the old
    file (or no file, and no directory if we made it) is back."""

    def __init__(self, path: Path, text: str):
        self.path = Path(path)
        self.text = text
        self.backup = None
        self.made_dir = False

    def __enter__(self):
        p = self.path
        self.made_dir = not p.parent.exists()
        if p.exists() or p.is_symlink():
            self.backup = p.with_name(f"{p.name}.ctsys-backup-{os.getpid()}")
            os.rename(p, self.backup)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(self.text)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return p

    def __exit__(self, *exc):
        p = self.path
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        if self.backup is not None:
            os.rename(self.backup, p)
            self.backup = None
        elif self.made_dir:
            try:
                p.parent.rmdir()
            except OSError:
                pass
        return False


def leftover_namespaces() -> List[str]:
    out, err, rc = _run(["ip", "netns", "list"])
    mine = f"{NS_PREFIX}-{os.getpid()}-"
    return [l.split()[0] for l in out.decode().splitlines()
            if l.split() and l.split()[0].startswith(mine)]


def program_version(binary: str) -> str:
    out, err, rc = _run([binary, "-V"])
    m = re.search(rb"conntrack v(\S+) \(conntrack-tools\)", out + err)
    if not m:
        raise LabError(f"{binary} -V: no version in {out + err!r}")
    return m.group(1).decode()
