"""Unit tests of ctlib.normalise (no root, no kernel needed -- but the
session's root check still applies to every test of this directory)."""
import pytest

from ctlib import normalise

P_REF = b"conntrack v1.4.7 (conntrack-tools): "
P_OURS = b"conntrack v0.1.0 (conntrack-tools): "
P_NORM = b"conntrack v<VERSION> (conntrack-tools): "


def n(s: bytes) -> bytes:
    return normalise(s)


def test_version_prefix_both_programs():
    assert n(P_REF + b"3 flow entries have been shown.\n") == \
        P_NORM + b"3 flow entries have been shown.\n"
    assert n(P_OURS + b"3 flow entries have been shown.\n") == \
        P_NORM + b"3 flow entries have been shown.\n"
    assert n(b"conntrack v1.4.8-rc1 (conntrack-tools)\n") == \
        b"conntrack v<VERSION> (conntrack-tools)\n"


def test_usage_banner_version_is_not_touched():
    line = b"Command line interface for the connection tracking system. Version 1.4.7\n"
    assert n(line) == line


def test_default_and_extended_timeout():
    d = (b"tcp      6 431999 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 "
         b"dport=20 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=20 dport=10 "
         b"[ASSURED] mark=5 use=1\n")
    assert n(d) == d.replace(b" 431999 ", b" <T> ")
    e = b"ipv6     10 udp      17 29 src=::1 dst=::1 sport=1 dport=2 mark=0 use=1\n"
    assert n(e) == b"ipv6     10 udp      17 <T> src=::1 dst=::1 sport=1 dport=2 mark=0 use=1\n"
    u = b"unknown  50 3599 src=1.1.1.1 dst=2.2.2.2 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 mark=0 use=1\n"
    assert n(u).startswith(b"unknown  50 <T> src=")


def test_only_the_first_number_after_the_protocol_is_the_timeout():
    d = b"tcp      6 99 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=99 dport=99 mark=99 use=1\n"
    assert n(d) == b"tcp      6 <T> ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=99 dport=99 mark=99 use=1\n"


def test_line_without_timeout_is_untouched():
    d = b"tcp      6 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 dport=20 mark=1 use=1\n"
    assert n(d) == d


def test_conntrack_id_but_not_icmp_id():
    d = (b"icmp     1 29 src=1.1.1.1 dst=2.2.2.2 type=8 code=0 id=1234 "
         b"[UNREPLIED] src=2.2.2.2 dst=1.1.1.1 type=0 code=0 id=1234 "
         b"mark=0 use=1 id=3436897773\n")
    assert n(d) == (b"icmp     1 <T> src=1.1.1.1 dst=2.2.2.2 type=8 code=0 id=1234 "
                    b"[UNREPLIED] src=2.2.2.2 dst=1.1.1.1 type=0 code=0 id=1234 "
                    b"mark=0 use=1 id=<ID>\n")


def test_counters_marks_zones_labels_untouched():
    d = (b"udp      17 30 src=127.0.0.1 dst=127.0.0.1 sport=40000 dport=40001 "
         b"packets=1 bytes=35 src=127.0.0.1 dst=127.0.0.1 sport=40001 "
         b"dport=40000 packets=1 bytes=40 mark=4294967295 zone=20 use=1 "
         b"labels=foo,bar\n")
    assert n(d) == d.replace(b" 30 ", b" <T> ", 1)


def test_delta_time_and_bracket_timestamps():
    d = (b"tcp      6 98 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 dport=20 "
         b"[ASSURED] mark=5 delta-time=12 [start=Tue Nov 24 14:39:41 2026] "
         b"[stop=Tue Nov 24 14:40:00 2026] use=1\n")
    assert n(d) == (b"tcp      6 <T> ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=10 "
                    b"dport=20 [ASSURED] mark=5 delta-time=<D> [start=<TS>] "
                    b"[stop=<TS>] use=1\n")


def test_save_format_timeout_only():
    d = (b"-A -t 3599 -u ASSURED -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 "
         b"-p tcp --sport 10 --dport 20 --reply-port-src 20 --reply-port-dst 10 "
         b"--state ESTABLISHED\n")
    assert n(d) == d.replace(b"-t 3599", b"-t <T>")
    # -w before -t must not matter; only -t's value changes
    d2 = b"-A -t 5 -u UNSET -w 3 -s 1.1.1.3 -d 2.2.2.2 -p 50\n"
    assert n(d2) == b"-A -t <T> -u UNSET -w 3 -s 1.1.1.3 -d 2.2.2.2 -p 50\n"


def test_xml():
    d = (b'<flow><meta direction="original"><layer3 protonum="2" protoname="ipv4">'
         b'<src>1.1.1.1</src><dst>2.2.2.2</dst></layer3><layer4 protonum="1" '
         b'protoname="icmp"><id>77</id></layer4></meta>'
         b'<meta direction="independent"><state>ESTABLISHED</state>'
         b'<timeout>99</timeout><mark>5</mark><use>1</use><id>4101767559</id>'
         b'<assured/><timestamp><start>1795531181399714933</start>'
         b'<stop>1795531181399714999</stop></timestamp><deltatime>3</deltatime>'
         b'</meta></flow>\n')
    assert n(d) == (b'<flow><meta direction="original"><layer3 protonum="2" protoname="ipv4">'
                    b'<src>1.1.1.1</src><dst>2.2.2.2</dst></layer3><layer4 protonum="1" '
                    b'protoname="icmp"><id>77</id></layer4></meta>'
                    b'<meta direction="independent"><state>ESTABLISHED</state>'
                    b'<timeout><N></timeout><mark>5</mark><use>1</use><id><ID></id>'
                    b'<assured/><timestamp><start><N></start>'
                    b'<stop><N></stop></timestamp><deltatime><N></deltatime>'
                    b'</meta></flow>\n')


@pytest.mark.parametrize("text", [
    b"", b"no newline at end", b"a\nb", b"a\n\n", b"\n",
    b"cpu=0   \tfound=0 invalid=0 insert=36 insert_failed=0\n",
    b"36\n",
])
def test_structure_and_other_text_kept(text):
    assert n(text) == text


def test_bytes_that_are_not_utf8_survive():
    d = b"conntrack v1.4.7 (conntrack-tools): unknown option `\xff'\n"
    assert n(d) == b"conntrack v<VERSION> (conntrack-tools): unknown option `\xff'\n"
