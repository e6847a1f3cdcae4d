#!/usr/bin/env bash
# The main job on an embedded default: in a scratch network namespace,
# create a few connection tracking entries and show them with our
# conntrack (-L, -L -o extended, -C); the namespace is removed afterwards.
# Needs root. Builds the program first if needed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root (it creates a network namespace)" >&2
	exit 1
fi
if [ ! -x build/src/conntrack/conntrack ]; then
	scripts/deps.sh
	scripts/build.sh
fi
ct=$PWD/build/src/conntrack/conntrack
ns=ctdemo-$$
ip netns add "$ns"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
ip netns exec "$ns" ip link set lo up

run() {
	echo "# conntrack $*"
	ip netns exec "$ns" "$ct" "$@"
	echo
}

echo "Scratch namespace $ns: creating entries"
run -I -s 192.0.2.1 -d 198.51.100.7 -p tcp --sport 40000 --dport 443 \
	--state ESTABLISHED -t 3600 -u ASSURED,SEEN_REPLY -m 1
run -I -s 192.0.2.1 -d 198.51.100.53 -p udp --sport 5353 --dport 53 -t 30
run -I -s 2001:db8::1 -d 2001:db8::2 -p icmpv6 --icmpv6-type 128 \
	--icmpv6-code 0 --icmpv6-id 7 -t 30
run -I -s 10.0.0.5 -d 203.0.113.9 -p tcp --sport 5000 --dport 80 \
	--state SYN_SENT -t 120 -n 198.51.100.1:61000
run -L
run -L -o extended
run -C
