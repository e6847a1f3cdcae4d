"""The expectation table, differential against conntrack 1.4.7: real
expectations made by the kernel's TFTP helper (an nftables `ct helper`
rule and TFTP read requests to 127.0.0.1:69), then the same command line
run by both binaries on the same table, and -E expect side by side."""

import re
import pytest

import ctlib
import test_events

HELPER_NFT = """\
table inet cthelp {
	ct helper tftph {
		type "tftp" protocol udp;
	}
	chain out {
		type filter hook output priority 0;
		udp dport 69 ct helper set "tftph"
	}
}
"""

# One TFTP read request from each of these ports makes one expectation.
PORTS = (3000, 3001, 3002)
SEND = ("import socket,sys\n"
        "for p in sys.argv[1:]:\n"
        "    s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
        "    s.bind(('127.0.0.1',int(p)))\n"
        "    s.sendto(b'\\x00\\x01file\\x00octet\\x00',('127.0.0.1',69))\n")

MASTER = "-s 127.0.0.1 -d 127.0.0.1 -p udp --sport 3000 --dport 69"
NEW_EXP = (MASTER + " --tuple-src 127.0.0.1 --tuple-dst 127.0.0.1 "
           "--tuple-port-src 0 --tuple-port-dst 4000 --mask-src 255.255.255.255 "
           "--mask-dst 255.255.255.255 --mask-port-src 0 --mask-port-dst 65535 -t 100")
EXPECTED = ("-s 127.0.0.1 -d 127.0.0.1 -p udp --sport 0 --dport 3001 "
            "--reply-port-src 0 --reply-port-dst 0")

CASES = [
    "-L expect", "-L expect -o xml", "-L expect -o timestamp",
    "-L expect -o xml,timestamp", "-L expect -f ipv6", "-L expect -f ipv4",
    "-L e", "--dump expect", "-C expect", "-C e", "-F expect", "-F expect -f ipv6",
    "-I expect " + NEW_EXP,
    "-I expect " + NEW_EXP.replace("--dport 69", "--dport 70"),
    "-I expect " + NEW_EXP.replace(" -t 100", ""),
    "-I expect " + MASTER + " -t 10",
    "-D expect " + EXPECTED, "-D expect " + EXPECTED.replace("3001", "3999"),
    "-D expect -s 127.0.0.1",
    "-G expect " + EXPECTED, "-G expect " + EXPECTED + " -o xml",
    "-U expect -s 127.0.0.1", "-A expect -s 127.0.0.1", "-L expect -p udp",
    "-L expect -s 127.0.0.1", "-L expect -o extended", "-L expect -o save",
    "-E expect -p tcp", "-L expect bogus",
]


def test_expect_json_carries_the_text(helped, binaries):
    """-L expect -o json: valid against the schema, and each object renders
    back into the default line."""
    import test_json

    def tup(t):
        s = f"src={t['src']} dst={t['dst']} "
        if "sport" in t:
            s += f"sport={t['sport']} dport={t['dport']} "
        return s

    j = helped.ct(binaries.ours, ["-L", "expect", "-o", "json"])
    t = helped.ct(binaries.ours, ["-L", "expect"])
    assert j.rc == t.rc == 0
    objs = test_json.objects(j.stdout)
    assert len(objs) == len(PORTS)
    lines = []
    for o in objs:
        s = f"{o['timeout']} proto={o['protonum']} " + tup(o["expected"])
        s += tup(o["mask"]).replace("src=", "mask-src=", 1).replace("dst=", "mask-dst=", 1)
        s += tup(o["master"]).replace("src=", "master-src=", 1).replace("dst=", "master-dst=", 1)
        if o["flags"]:
            s += ",".join(o["flags"]) + " "
        s += f"class={o['class']} helper={o['helper']}"
        lines.append(s + "\n")
    assert normalise("".join(lines).encode()) == normalise(t.stdout)

TIMEOUT = re.compile(rb"^(\[TIME\]\t)?\d+ proto=", re.M)
XML_TIMEOUT = re.compile(rb"<timeout>\d+</timeout>")
EXP_STAMP = re.compile(rb"^\[\d+ *\.\d+ *\]\t", re.M)


def normalise(data: bytes) -> bytes:
    data = EXP_STAMP.sub(b"[TIME]\t", data)
    data = TIMEOUT.sub(lambda m: (m.group(1) or b"") + b"<T> proto=", data)
    data = XML_TIMEOUT.sub(b"<timeout><T></timeout>", data)
    data = test_events.WHEN.sub(b"<when/>", data)
    return ctlib.normalise(data)


def reset(ns):
    ns.ref_must(["-F"])
    ns.ct(ns.ref, ["-F", "expect"])
    ns._must(["ip", "netns", "exec", ns.name, "python3", "-c", SEND,
              *map(str, PORTS)])


@pytest.fixture
def helped(lab):
    ns = lab("base")
    ns._must(["ip", "netns", "exec", ns.name, "nft", "-f", "-"],
             input_bytes=HELPER_NFT.encode())
    reset(ns)
    n = ns.ct(ns.ref, ["-C", "expect"]).stdout
    if n.strip() != str(len(PORTS)).encode():
        raise ctlib.LabError(f"the tftp helper made {n!r} expectations")
    return ns


def state(ns):
    r = ns.ct(ns.ref, ["-L", "expect"])
    return sorted(normalise(r.stdout).decode().splitlines()), ns.table()


@pytest.mark.parametrize("line", CASES)
def test_expect_matches_reference(helped, binaries, line):
    args = line.split()
    results = []
    for binary in (binaries.ours, binaries.ref):
        reset(helped)
        r = helped.ct(binary, args)
        results.append((normalise(r.stdout).decode(), normalise(r.stderr).decode(),
                        r.rc, state(helped)))
    ours, ref = results
    assert ours[2] == ref[2], f"exit status: ours {ours[2]}, reference {ref[2]}"
    assert ours[0] == ref[0]
    assert ours[1] == ref[1]
    assert ours[3] == ref[3], "the tables differ afterwards"


def test_expect_events_match_reference(helped, binaries):
    reset(helped)

    def changes():
        helped._must(["ip", "netns", "exec", helped.name, "python3", "-c", SEND,
                      "3100", "3101"])
        # (1.4.7 exits 1 after a successful -D expect: it counts nothing)
        helped.ct(helped.ref, ["-D", "expect"] + EXPECTED.split())
        helped.ct(helped.ref, ["-F", "expect"])

    (o_out, o_err, o_rc), (r_out, r_err, r_rc) = test_events.while_listening(
        helped, [(binaries.ours, ["expect"]), (binaries.ref, ["expect"])], changes)
    assert b"[NEW]" in r_out and b"[DESTROY]" in r_out
    assert normalise(o_out).decode() == normalise(r_out).decode()
    assert normalise(o_err).decode() == normalise(r_err).decode()
    assert o_rc == r_rc == 0
