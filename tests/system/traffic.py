"""Deterministic loopback traffic, run INSIDE a test namespace.

One UDP request/reply over 127.0.0.1 and one over ::1, each from a fixed
source port to a fixed destination port, so the conntrack entries they create
(and their packet/byte counters) are identical every time.  Never sends to
anything but the loopback addresses.
"""
import socket
import sys

PAIRS = [
    (socket.AF_INET, "127.0.0.1", 40000, 40001, b"ping-v4"),
    (socket.AF_INET6, "::1", 40002, 40003, b"ping-v6-x"),
]


def exchange(family, addr, sport, dport, payload):
    srv = socket.socket(family, socket.SOCK_DGRAM)
    cli = socket.socket(family, socket.SOCK_DGRAM)
    try:
        for s in (srv, cli):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.settimeout(5)
        srv.bind((addr, dport))
        cli.bind((addr, sport))
        cli.sendto(payload, (addr, dport))
        data, peer = srv.recvfrom(100)
        srv.sendto(b"pong:" + data, peer)
        cli.recvfrom(100)
    finally:
        srv.close()
        cli.close()


def main():
    for p in PAIRS:
        exchange(*p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
