#!/usr/bin/python3
"""diff_reference.py - our conntrackd.conf parser against the reference's.

Run (as root, after `ninja -C build`), from the top of the tree:

    /usr/bin/python3 tests/conf/diff_reference.py

Options: --ours PATH (default build/tests/unit/conf_check), --ref PATH
(default /usr/sbin/conntrackd), --mutations N (default 600), --seed S,
--keep DIR (write every config that differs there), --extra DIR (also
every file in DIR, e.g. a fuzzer's corpus), -v (list each case).

Each config is given to the reference as a client, `conntrackd -C FILE
-s`, inside `unshare -n`, and to our driver conf_check (tests/conf/
conf_check.c). The reference prints its parser's messages and then, for a
config that parses, "can't connect: ..." (there is no daemon); conf_check
prints the same. stdout, stderr and the exit status must be equal once the
reference's "[date] (pid=N) " prefixes are stripped.

Safety: the reference only ever runs with -s (a client request, never a
daemon), in a new network namespace, and every path in every config
(UNIX Path, LogFile, LockFile) is rewritten into a fresh temporary
directory where nothing listens, so no config can reach a real daemon's
socket. (The few cases that must not have a UNIX block, such as the
empty file, leave the path empty: the client then tries an abstract
socket name, which the new network namespace holds none of.)

The configs: hand-written cases for every message of the reference's
parser (good and bad), the seed corpus tests/fuzz/corpus/conf/ (with the
reference's own examples), generated variations, and random mutations of
the good ones (token deletion, duplication, swap, replacement, insertion).
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(TOP, "tests", "fuzz", "corpus", "conf")
PREFIX = re.compile(rb"^\[[^\]\n]*\] \(pid=\d+\) ", re.M)

# A UNIX block pointing into the temporary directory (@D@).
U = "General { UNIX { Path @D@/ctd.sock } }\n"


def case(body, unix=True):
    """A hand-written config; most get the safe UNIX block appended."""
    return body + ("\n" + U if unix else "")


def handwritten(d):
    """(name, text) of configs reaching every message path; d is the
    temporary directory (for paths of an exact length)."""
    c = {}

    def path(n):
        return d + "/" + "p" * (n - len(d) - 1)

    # --- empty files, lexing corner cases, EOF handling
    c["empty"] = ""
    c["comments"] = "# nothing\n   \n\t# more\n"
    c["only-unix"] = U
    c["missing-brace"] = "General {\n UNIX { Path @D@/ctd.sock }\n"
    c["missing-brace-nonl"] = "General {\n UNIX { Path @D@/ctd.sock }"
    c["extra-brace"] = U + "}\n"
    c["path-swallows-brace"] = "General { UNIX { Path @D@/ctd.sock} }\n"
    c["hash-eof"] = U + "#"
    c["nul-after"] = U + "\0 junk junk\n"
    c["nul-inside"] = "General {\n\0 }\n"
    c["high-after"] = U + "\xff junk\n"
    c["high-inside"] = "General {\n \xe9 }\n"
    c["semicolon"] = "General {\n HashSize 5;\n}\n" + U
    c["quote"] = 'General {\n LockFile "/x"\n}\n' + U
    c["lowercase-section"] = "general {\n}\n"
    c["unknown-section"] = "Foo {\n}\n"
    c["crlf"] = U.replace("\n", "\r\n") + "Stats {\r\n LogFile on\r\n}\r\n"
    c["tabs"] = "General\t{\tUNIX\t{\tPath @D@/ctd.sock }\t}\n"
    c["number-section"] = "12 { }\n"
    c["ip-section"] = "1.2.3.4 { }\n"
    c["path-nul"] = "General {\n UNIX { Path @D@/ctd\0x.sock }\n}\n"
    c["string-with-dots"] = case("Stats { Syslog local1.x }")
    # --- General clauses
    c["general-all"] = case("""General {
	HashSize 8192
	HashLimit 65535
	LogFile on
	LogFile off
	LogFile @D@/ctd.log
	Syslog on
	Syslog off
	Syslog daemon
	LockFile @D@/lock
	NetlinkBufferSize 2097152
	NetlinkBufferSizeMaxGrowth 8388608
	SocketBufferSize 1
	SocketBufferSizeMaxGrown 2
	SocketBufferSizeMaxGrowth 3
	NetlinkOverrunResync on
	NetlinkOverrunResync off
	NetlinkOverrunResync 0
	NetlinkEventsReliable on
	NetlinkEventsReliable off
	EventIterationLimit 0
	PollSecs 1
	Systemd on
	Systemd off
	Scheduler { Type rr Type FIFO Type Rr Priority 0 Priority 99 }
}""")
    c["hashsize-huge"] = case("General { HashSize 99999999999 HashLimit 4294967296 }")
    c["hashsize-negative"] = case("General {\n HashSize -5\n}")
    c["hashsize-missing"] = case("General {\n HashSize\n}")
    for fac in ["daemon", "local0", "local1", "local2", "local3", "local4",
                "local5", "local6", "local7", "Daemon", "local8", "kern", "user"]:
        c["syslog-" + fac] = case("General { Syslog %s }" % fac)
        c["stats-syslog-" + fac] = case("Stats { Syslog %s }" % fac)
    c["syslog-conflict-gs"] = case("General { Syslog local0 }\nStats { Syslog local1 }")
    c["syslog-conflict-sg"] = case("Stats { Syslog local1 }\nGeneral { Syslog local0 }")
    c["syslog-same"] = case("Stats { Syslog local1 }\nGeneral { Syslog local1 }")
    c["syslog-on-conflict"] = case("Stats { Syslog local1 }\nGeneral { Syslog on Syslog daemon }")
    c["syslog-path"] = case("General { Syslog @D@/x }")
    long256 = path(256)
    c["logfile-256"] = case("General { LogFile %s }" % long256)
    c["logfile-257"] = case("General {\n LogFile %sb }" % long256)
    c["lockfile-256"] = case("General { LockFile %s }" % long256)
    c["lockfile-257"] = case("General { LockFile %sb }" % long256)
    c["stats-logfile-257"] = case("Stats { LogFile %sb }" % long256)
    c["stats-logfile-256"] = case("Stats { LogFile %s LogFile on LogFile off }" % long256)
    c["logfile-relative"] = case("General { LogFile foo.log }")
    c["lockfile-on"] = case("General { LockFile on }")
    c["unix-107"] = "General { UNIX { Path %s } }\n" % path(107)
    c["unix-108"] = "General { UNIX { Path %s } }\n" % path(108)
    c["unix-backlog"] = case("General { UNIX { Backlog 20 Backlog 1 } }")
    c["unix-bad"] = case("General { UNIX { Path } }")
    c["unix-nobrace"] = case("General { UNIX Path @D@/x }")
    c["pollsecs-0"] = case("General {\n PollSecs 0\n HashSize 1 }")
    c["pollsecs-big"] = case("General { PollSecs 4294967295 }")
    c["overrun-neg"] = case("General { NetlinkOverrunResync -1 }")
    c["nice"] = case("General { Nice -1 Nice +5 }")
    c["nice-unsigned"] = case("General {\n Nice 5\n}")
    c["sched-bad"] = case("General { Scheduler { Type other } }")
    c["sched-prio-100"] = case("General { Scheduler {\n Priority 100 } }")
    c["sched-prio-neg"] = case("General { Scheduler { Priority -1 } }")
    c["sched-prio-wrap"] = case("General { Scheduler { Priority 4294967295 } }")
    c["sched-empty"] = case("General { Scheduler { } }")
    c["sched-type-number"] = case("General { Scheduler { Type 1 } }")
    c["systemd-bad"] = case("General { Systemd 1 }")
    c["events-reliable-stats"] = case("Stats { NetlinkEventsReliable on }")
    c["general-twice"] = case("General { HashSize 1 }\nGeneral { HashSize 2 }")
    # --- Filter
    c["filter-empty"] = case("General { Filter { } }")
    c["filter-from"] = case("""General {
	Filter From Userspace { Protocol Accept { TCP } }
	Filter From Kernelspace { Protocol Ignore { UDP } }
	Filter { }
}""")
    c["filter-from-bad"] = case("General { Filter From Elsewhere { } }")
    c["filter-from-missing"] = case("General { Filter From { } }")
    c["filter-proto"] = case("""General { Filter {
	Protocol Accept { TCP UDP tcp udp sctp SCTP icmp IPv6-ICMP ipv6-icmp gre
		dccp udplite nothere Tcp ip hopopt }
	Protocol Ignore { }
} }""")
    c["filter-proto-number"] = case("General { Filter { Protocol Accept { 6 } } }")
    c["filter-proto-nopolicy"] = case("General { Filter { Protocol { TCP } } }")
    c["filter-proto-lower"] = case("General { Filter { Protocol accept { TCP } } }")
    c["filter-addr"] = case("""General { Filter { Address Accept {
	IPv4_address 127.0.0.1
	IPv4_address 127.0.0.1
	IPv4_address 10.0.0.0/8
	IPv4_address 10.0.0.0/8
	IPv4_address 10.0.0.1/8
	IPv4_address 10.0.0.0/8
	IPv4_address 1.2.3.4/32
	IPv4_address 1.2.3.4/33
	IPv4_address 1.2.3.4/0
	IPv4_address 1.2.3.4/4294967295
	IPv4_address 1.2.3.4/99999999999
	IPv4_address 1.2.3.400
	IPv4_address 1.2.3.400/24
	IPv4_address 010.0.0.1
	IPv4_address ::1
	IPv6_address ::1
	IPv6_address ::1
	IPv6_address fe80::/10
	IPv6_address fe80::/10
	IPv6_address fe80::1/128
	IPv6_address fe80::1/129
	IPv6_address fe80::1/2147483648
	IPv6_address fe80::1/4294967295
	IPv6_address fe80::1/4294967296
	IPv6_address 1.2.3.4
	IPv6_address 1:2:3:4:5:6:7:8:9
	IPv6_address abcd
} } }""")
    c["filter-addr-v6quirk"] = case("""General { Filter { Address Ignore {
	IPv4_address 10.0.0.0/8
	IPv4_address 11.0.0.0/8
	IPv4_address 255.255.255.255/8
	IPv4_address 0.0.0.0/0
	IPv6_address a00:0:ff00:0:b00:0:ff00:0/40
	IPv6_address b00:0:ff00::/0
} } }""")
    c["filter-addr-v6quirk-tail"] = case("""General { Filter { Address Ignore {
	IPv4_address 10.0.0.0/8
	IPv6_address a00:0:ff00::/0
} } }""")
    c["filter-addr-hex"] = case("General { Filter { Address Accept { IPv4_address 0x1 } } }")
    c["mcast-addr-string"] = case("Sync { Multicast { IPv6_address zz } }")
    c["filter-addr-bad"] = case("General { Filter { Address Accept { IPv4_address foo } } }")
    c["filter-addr-kw"] = case("General { Filter { Address Accept { IPv4_Destination_Address 1.1.1.1 } } }")
    c["filter-state"] = case("""General { Filter {
	State Accept { SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT CLOSE_WAIT LAST_ACK
		TIME_WAIT CLOSE CLOSED LISTEN for TCP for TCP }
	State Ignore { ESTABLISHED for TCP }
} }""")
    c["filter-state-udp"] = case("General { Filter { State Accept { ESTABLISHED for UDP } } }")
    c["filter-state-nofor"] = case("General { Filter { State Accept { ESTABLISHED } } }")
    c["filter-state-lower"] = case("General { Filter { State Accept { established for TCP } } }")
    c["filter-in-sync"] = case("Sync { Filter { } }")
    # --- Sync
    c["sync-empty"] = case("Sync { }")
    c["sync-timers"] = case("Sync { RefreshTime 1 CacheTimeout 2 CommitTimeout 3 PurgeTimeout 4 }")
    c["sync-modes"] = case("""Sync {
	Mode ALARM { RefreshTime 1 CacheTimeout 2 CommitTimeout 3 PurgeTimeout 4 }
	Mode FTFW { ResendQueueSize 1 CommitTimeout 2 PurgeTimeout 3 ACKWindowSize 4
		DisableExternalCache off StartupResync on }
	Mode NOTRACK { CommitTimeout 1 PurgeTimeout 2 DisableInternalCache on
		DisableExternalCache off StartupResync off }
}""")
    for kw in ["RefreshTime 1", "CacheTimeout 1", "ResendQueueSize 1",
               "ACKWindowSize 1", "DisableInternalCache on",
               "DisableExternalCache on", "StartupResync on", "Checksum on"]:
        for m in ["ALARM", "FTFW", "NOTRACK"]:
            c["mode-%s-%s" % (m, kw.split()[0])] = case(
                "Sync {\n Mode %s {\n  %s\n }\n}" % (m, kw))
    c["mode-case"] = case("Sync { Mode alarm { } Mode FtFw { } Mode notRACK { } }")
    c["mode-persistent-ok"] = case("Sync { Mode persistenT { } Mode PERSISTENT { } }")
    c["mode-persistent-bad"] = case("Sync { Mode persistent { } }")
    c["mode-nack"] = case("Sync {\n Mode nack { }\n Mode NACK {\n }\n}")
    c["mode-nack-error"] = case("Sync { Mode nack { RefreshTime 5 } }")
    c["nack-outside"] = case("General { nack }")
    c["persistent-outside"] = case("Stats {\n persistenT\n}")
    c["mode-missing"] = case("Sync { Mode { } }")
    c["commit-external"] = case("Sync { Mode FTFW { CommitTimeout 5 DisableExternalCache on } }")
    c["commit-external-notrack"] = case("Sync { Mode NOTRACK { DisableExternalCache on } CommitTimeout 5 }")
    c["commit-external-zero"] = case("Sync { Mode NOTRACK { DisableExternalCache on } CommitTimeout 0 }")
    c["sync-stats"] = case("Sync { }\nStats { }")
    c["stats-sync"] = case("Stats { }\nSync {\n}\n")
    c["stats-sync-error-after"] = case("Stats { }\nSync { } junk")
    c["sync-twice"] = case("Sync { } Sync { }")
    c["stats-twice"] = case("Stats { LogFile on } Stats { Syslog on }")
    c["helper-sync"] = case("Helper { } Sync { } Helper { }")
    # --- channels
    c["mcast-all"] = case("""Sync { Multicast Default {
	IPv4_address 225.0.0.50
	Group 3780
	IPv4_interface 192.168.100.100
	Interface lo
	SndSocketBuffer 1249280
	RcvSocketBuffer 1249280
	Checksum on
	Checksum off
} }""")
    c["mcast-bad-addrs"] = case("""Sync { Multicast {
	IPv4_address 300.0.0.1
	IPv4_address ::1
	IPv6_address 1.2.3.4
	IPv6_address 12345::1
	IPv4_interface 1.2.3.999
	IPv4_interface ff::1
} }""")
    c["mcast-v4-then-v6"] = case("Sync { Multicast { IPv4_address 225.0.0.1 IPv6_address ff02::1 } }")
    c["mcast-v6-then-v4"] = case("Sync { Multicast { IPv6_address ff02::1 IPv4_address 225.0.0.1 } }")
    c["mcast-v6-then-v4iface"] = case("Sync { Multicast { IPv6_address ff02::1 IPv4_interface 1.1.1.1 } }")
    c["mcast-v4iface-then-v6"] = case("Sync { Multicast { IPv4_interface 1.1.1.1 IPv6_address ff02::1 } }")
    c["mcast-iface-then-v6"] = case("Sync { Multicast { Interface lo IPv6_address ff02::1 } }")
    c["mcast-badiface-then-v6"] = case("Sync { Multicast { Interface eth9 IPv6_address ff02::1 } }")
    c["mcast-v6-then-iface"] = case("Sync { Multicast { IPv6_address ff02::1 Interface lo IPv6_address ff02::2 } }")
    c["mcast-v4iface-iface-v6"] = case("Sync { Multicast { IPv4_interface 1.1.1.1 Interface lo IPv6_address ff02::1 } }")
    c["mcast-ipv6-iface"] = case("Sync { Multicast { IPv6_interface ::1 IPv6_interface fe80::1 } }")
    c["mcast-long-iface"] = case("Sync { Multicast { Interface abcdefghijklmnopqrstuvwxyz } }")
    c["mcast-udp-clause"] = case("Sync { Multicast { Port 5 } }")
    c["mcast-iface-ip"] = case("Sync { Multicast { Interface 1.2.3.4 } }")
    c["mcast-group-big"] = case("Sync { Multicast { Group 70000 } }")
    c["mcast-default-twice"] = case("Sync { Multicast Default Default { } }")
    for kind in ["UDP", "TCP"]:
        k = kind.lower()
        c[k + "-all"] = case("""Sync { %s Default {
	IPv4_address 192.168.2.100
	IPv6_address fe80::2
	IPv4_Destination_Address 192.168.2.101
	IPv6_Destination_Address fe80::1
	Interface lo
	Interface eth9
	Port 3780
	SndSocketBuffer 1
	RcvSocketBuffer 2
	Checksum on
	Checksum off
} }""" % kind)
        c[k + "-bad-addrs"] = case("""Sync { %s {
	IPv4_address 1.2.3.256
	IPv6_address 1.2.3.4
	IPv4_Destination_Address ::1
	IPv6_Destination_Address 1::2::3
} }""" % kind)
        c[k + "-mcast-clause"] = case("Sync { %s { Group 5 } }" % kind)
        c[k + "-iface-v6"] = case("Sync { %s { IPv6_interface ::1 } }" % kind)
    c["tcp-errorq"] = case("Sync { TCP { ErrorQueueLength 64 } }")
    c["udp-errorq"] = case("Sync { UDP { ErrorQueueLength 64 } }")
    c["mix-mcast-udp"] = case("Sync { Multicast { }\n UDP {\n }\n}")
    c["mix-udp-tcp"] = case("Sync { UDP { } TCP Default { } }")
    c["mix-tcp-mcast"] = case("Sync { TCP { } Multicast { Group 1 } }")
    c["mix-across-sync"] = case("Sync { UDP { } } Sync { TCP { } }")
    c["links-4"] = case("Sync { UDP { Port 1 } UDP { Port 2 } UDP { Port 3 } UDP Default { Port 4 } }")
    c["links-5"] = case("Sync { UDP { } UDP { } UDP { } UDP { }\n UDP {\n  Port 5 } }")
    c["links-5-first-clause"] = case("Sync { TCP { } TCP { } TCP { } TCP { } TCP { Checksum on } }")
    c["links-5-v6iface"] = case("Sync { Multicast { } Multicast { } Multicast { } Multicast { } "
                                "Multicast { IPv6_interface ::1 Group 1 } }")
    c["links-5-empty"] = case("Sync { UDP { } UDP { } UDP { } UDP { } UDP { } UDP Default { } }")
    c["links-6-mix"] = case("Sync { UDP { } UDP { } UDP { } UDP { } UDP { } TCP { } }")
    c["links-5-errorq"] = case("Sync { TCP { } TCP { } TCP { } TCP { } TCP { ErrorQueueLength 1 } }")
    c["links-5-badaddr"] = case("Sync { UDP { } UDP { } UDP { } UDP { } UDP { IPv4_address 1.2.3.999 } }")
    # --- Options
    c["options"] = case("""Sync { Options {
	TCPWindowTracking on
	TCPWindowTracking off
	ExpectationSync on
	ExpectationSync off
	ExpectationSync { ftp sip SIP h323 abcdefghijklmnopqrstuvwxyz abcdefghijklmnopZZZ }
	ExpectationSync { }
} }""")
    c["options-bad"] = case("Sync { Options { ExpectationSync { 5 } } }")
    c["options-bad2"] = case("Sync { Options { ExpectationSync maybe } }")
    c["options-general"] = case("General { Options { } }")
    c["options-helper-ip"] = case("Sync { Options { ExpectationSync { cafe } } }")
    # --- Helper
    c["helper-all"] = case("""Helper {
	Setup on
	Setup off
	Type ftp inet tcp { QueueNum 1 QueueLen 2 Policy ftp { ExpectMax 1 ExpectTimeout 300 } }
	Type ftp inet6 tcp { }
	Type tftp inet udp { }
	Type amanda inet udp { } Type dhcpv6 inet6 udp { } Type mdns inet udp { }
	Type rpc inet tcp { } Type rpc inet udp { } Type sane inet tcp { }
	Type slp inet udp { } Type ssdp inet udp { } Type ssdp inet tcp { }
	Type tns inet tcp { }
}""")
    c["helper-l3"] = case("Helper { Type ftp ipv4 tcp { } }")
    c["helper-l4"] = case("Helper { Type ftp inet sctp { } }")
    c["helper-l3-l4"] = case("Helper { Type nope ipx sctp { } }")
    c["helper-unknown"] = case("Helper { Type sip inet udp { } }")
    c["helper-wrong-l4"] = case("Helper { Type ftp inet udp { } }")
    c["helper-wrong-l4b"] = case("Helper { Type tftp inet tcp { } }")
    c["helper-case"] = case("Helper { Type FTP inet tcp { } }")
    c["helper-l4-kw"] = case("Helper { Type ftp inet TCP { } }")
    c["helper-policy-unknown"] = case("Helper { Type ftp inet tcp { Policy tftp { ExpectMax 1 } } }")
    c["helper-policy-empty"] = case("Helper { Type ftp inet tcp {\n Policy ftp {\n }\n } }")
    c["helper-policy-long"] = case("Helper { Type ftp inet tcp { Policy abcdefghijklmnopq { ExpectMax 1 } } }")
    c["helper-policy-16"] = case("Helper { Type ftp inet tcp { Policy abcdefghijklmnop { ExpectMax 1 } } }")
    c["helper-policy-long-empty"] = case("Helper { Type ftp inet tcp { Policy abcdefghijklmnopq { } } }")
    c["helper-top-policy"] = case("Helper { Policy ftp { ExpectMax 3 } Type tftp inet udp { } }")
    c["helper-top-policy-ok"] = case("Helper { Policy tftp { ExpectMax 3 } }\nHelper { Type tftp inet udp { } }")
    c["helper-top-queue"] = case("Helper { QueueNum 3 QueueLen 4 }")
    c["helper-nested"] = case("""Helper { Type ftp inet tcp { Policy ftp { ExpectMax 1 }
	Type tftp inet udp { Policy tftp { ExpectTimeout 5 } } } }""")
    c["helper-nested-bad"] = case("Helper { Type tftp inet udp { Policy ftp { ExpectMax 1 }\n"
                                  " Type ftp inet tcp { } } }")
    c["helper-policy-two"] = case("Helper { Type ftp inet tcp { Policy ftp { ExpectMax 1 } Policy tftp { ExpectMax 1 } } }")
    c["helper-setup-in-type"] = case("Helper { Type ftp inet tcp { Setup on } }")
    c["helper-policy-other"] = case("Helper { Type ftp inet tcp { Policy ftp { QueueNum 1 } } }")
    c["helper-type-short"] = case("Helper { Type ftp inet { } }")
    c["helper-name-kw"] = case("Helper { Type nack inet tcp { } }")
    c["helper-general"] = case("General { Helper { } }")
    # bison's stack: nested Type blocks until "memory exhausted"
    for n in [1600, 1660, 1661, 1662, 1663, 1664, 1665, 1666, 1667, 1700]:
        c["deep-%d" % n] = ("Helper {\n" + "Type ftp inet tcp {\n" * n +
                            "}\n" * (n + 1) + U)
    for n in [1664, 1665, 1666]:
        c["deep-q-%d" % n] = (U + "Helper {\n" + "Type ftp inet tcp {\n" * n +
                              "QueueNum 1\n" + "}\n" * (n + 1))
        c["deep-p-%d" % n] = (U + "Helper {\n" + "Type ftp inet tcp {\n" * n +
                              "Policy ftp { ExpectMax 1 }\n" + "}\n" * (n + 1))
        c["deep-s-%d" % n] = (U + "Helper {\n" + "Type ftp inet tcp {\n" * n +
                              "Type ftp inet tcp { }\n" + "}\n" * (n + 1))
    return c


# --------------------------------------------------------------------------
# mutations

TOKEN = re.compile(r"\s+|#[^\n]*|[{}]|[^\s{}]+")
VOCAB = ["{", "}", "General", "Sync", "Stats", "Helper", "UNIX", "Path",
         "Filter", "Protocol", "Address", "State", "Accept", "Ignore", "for",
         "TCP", "UDP", "Multicast", "Default", "Mode", "FTFW", "ALARM",
         "NOTRACK", "nack", "persistenT", "Options", "ExpectationSync",
         "Type", "Policy", "QueueNum", "ExpectMax", "on", "off", "0", "5",
         "-1", "+3", "1.2.3.4", "::1", "10.0.0.0/8", "fe80::/64", "ftp",
         "inet", "tcp", "udp", "lo", "eth9", "IPv4_address", "IPv6_address",
         "Interface", "Group", "Port", "Checksum", "HashSize", "LogFile",
         "Syslog", "local0", "Scheduler", "Priority", "PollSecs", "Nice",
         "ESTABLISHED", "CLOSED", "From", "Kernelspace", "Userspace",
         "DisableExternalCache", "CommitTimeout", ";", "\"", "@D@/x"]


# values that keep the syntax, by the class of the token they replace
VALUES = [
    (re.compile(r"^\d+$"), ["0", "1", "5", "99", "100", "128", "3780",
                            "65536", "2147483648", "4294967295", "99999999999"]),
    (re.compile(r"^[\d.]+(/\d+)?$|^[\da-fA-F:]*:[\da-fA-F:]*(/\d+)?$"),
     ["1.2.3.4", "10.0.0.0/8", "10.0.0.0/8", "0.0.0.0/0", "1.2.3.4/33",
      "255.255.255.255", "1.2.3.999", "::1", "fe80::/10", "fe80::1/129",
      "ff02::1", "2001:db8::/32", "::/0", "225.0.0.50"]),
    (re.compile(r"^(?i:on|off|yes|no)$"), ["on", "off", "Yes", "NO"]),
    (re.compile(r"^(local\d|daemon)$"), ["daemon", "local0", "local7", "local9"]),
    (re.compile(r"^(Accept|Ignore)$"), ["Accept", "Ignore"]),
    (re.compile(r"^(?i:alarm|ftfw|notrack|nack|persistent)$"),
     ["ALARM", "FTFW", "NOTRACK", "nack", "persistenT"]),
    (re.compile(r"^(Multicast|UDP|TCP)$"), ["Multicast", "UDP", "TCP"]),
    (re.compile(r"^(ftp|tftp|rpc|sane|ssdp|amanda|sip)$"),
     ["ftp", "tftp", "rpc", "ssdp", "tns", "sip"]),
    (re.compile(r"^(inet6?|tcp|udp)$"), ["inet", "inet6", "tcp", "udp"]),
]


def mutate_value(parts, idx, rng):
    """Replace a token by another of its class; False if none fits."""
    rng.shuffle(idx)
    for i in idx:
        for pat, vals in VALUES:
            if pat.match(parts[i]):
                parts[i] = rng.choice(vals)
                return True
    return False


def mutate_lines(text, rng):
    """Delete, duplicate or swap whole lines."""
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.choice(["delete", "dup", "swap"])
    if op == "delete":
        del lines[i]
    elif op == "dup":
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def mutate(text, rng):
    """One random edit of the token list (blanks and comments kept), or
    of whole lines, or of a value."""
    if rng.random() < 0.15:
        return mutate_lines(text, rng)
    parts = TOKEN.findall(text)
    idx = [i for i, t in enumerate(parts) if not t.isspace() and not t.startswith("#")]
    if not idx:
        return text + rng.choice(VOCAB)
    if rng.random() < 0.4 and mutate_value(parts, list(idx), rng):
        return "".join(parts)
    op = rng.choice(["delete", "dup", "swap", "replace", "insert", "delete2"])
    i = rng.choice(idx)
    if op == "delete":
        parts[i] = ""
    elif op == "delete2":
        for j in rng.sample(idx, min(2, len(idx))):
            parts[j] = ""
    elif op == "dup":
        parts[i] = parts[i] + " " + parts[i]
    elif op == "swap":
        j = rng.choice(idx)
        parts[i], parts[j] = parts[j], parts[i]
    elif op == "replace":
        parts[i] = rng.choice(VOCAB)
    else:
        parts[i] = rng.choice(VOCAB) + " " + parts[i]
    return "".join(parts)


# --------------------------------------------------------------------------
# running both sides

def safe_paths(text, d):
    """Every path into the temporary directory d: @D@, and the system
    paths of the corpus files (absolute paths after a blank)."""
    text = text.replace("@D@", d)
    return re.sub(r'(?<=[ \t])/(?:var|run|etc|usr|home|tmp)/[^"\n ]*',
                  lambda m: m.group(0) if m.group(0).startswith(d) else d + "/p",
                  text)


def all_paths_safe(text, d):
    """For arbitrary inputs: every '/' becomes d + '/'. A path token
    starts with '/' and runs to a blank, '"' or newline, none of which d
    holds, so every path token then lies inside d (other tokens change
    too, on both sides alike)."""
    return text.replace("/", d + "/")


def strip(b):
    return PREFIX.sub(b"", b)


def run(cmd, path):
    p = subprocess.run(cmd + [path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout, p.stderr


def compare(args, d, name, text):
    path = os.path.join(d, "cases", re.sub(r"[^\w.-]", "_", name) + ".conf")
    with open(path, "wb") as f:
        f.write(text.encode("latin-1"))
    unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    ref = run(unshare + [args.ref, "-s", "-C"], path)
    ours = run(unshare + [args.ours], path)
    ref = (ref[0], strip(ref[1]), strip(ref[2]))
    return name, path, ref, ours


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ours", default=os.path.join(TOP, "build", "tests", "unit", "conf_check"))
    ap.add_argument("--ref", default="/usr/sbin/conntrackd")
    ap.add_argument("--mutations", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep")
    ap.add_argument("--extra")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()

    d = tempfile.mkdtemp(prefix="ctdconf.", dir="/tmp")
    os.makedirs(os.path.join(d, "cases"))
    try:
        cases = handwritten(d)
        bases = {}
        for fn in sorted(os.listdir(CORPUS)):
            with open(os.path.join(CORPUS, fn), "rb") as f:
                bases["corpus-" + fn] = f.read().decode("latin-1")
        cases.update(bases)
        good = [t for n, t in sorted(cases.items()) if not n.startswith("deep")]
        rng = random.Random(args.seed)
        for i in range(args.mutations):
            t = rng.choice(good)
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                t = mutate(t, rng)
            cases["mut-%04d" % i] = t
        cases = {n: safe_paths(t, d) for n, t in cases.items()}
        if args.extra:
            for fn in sorted(os.listdir(args.extra)):
                if not os.path.isfile(os.path.join(args.extra, fn)):
                    continue
                with open(os.path.join(args.extra, fn), "rb") as f:
                    cases["extra-" + fn] = all_paths_safe(f.read().decode("latin-1"), d)

        bad = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            futs = [ex.submit(compare, args, d, n, t) for n, t in sorted(cases.items())]
            for fut in futs:
                name, path, ref, ours = fut.result()
                same = ref == ours
                if args.v or not same:
                    print("%s %s" % ("same" if same else "DIFF", name))
                if not same:
                    bad += 1
                    print("  reference: rc %d\n    %r\n    %r" % ref)
                    print("  ours:      rc %d\n    %r\n    %r" % ours)
                    if args.keep:
                        os.makedirs(args.keep, exist_ok=True)
                        shutil.copy(path, args.keep)
        print("%d configs, %d differ" % (len(cases), bad))
        return 1 if bad else 0
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
