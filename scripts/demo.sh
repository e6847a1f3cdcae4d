#!/usr/bin/env bash
# The main job on an embedded default: in a scratch network namespace,
# create a few connection tracking entries and show them with our
# conntrack (-L, -L -o extended, -C); then run our conntrackd in
# statistics mode on an embedded configuration, show its cache and
# counters, end a flow and show the flow log. The namespace, the daemon
# and its files are removed afterwards. Needs root. Builds the programs
# first if needed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root (it creates a network namespace)" >&2
	exit 1
fi
if [ ! -x build/src/conntrack/conntrack ] || [ ! -x build/src/conntrackd/conntrackd ]; then
	scripts/deps.sh
	scripts/build.sh
fi
ct=$PWD/build/src/conntrack/conntrack
ctd=$PWD/build/src/conntrackd/conntrackd
ns=ctdemo-$$
dir=$(mktemp -d /tmp/ctdemo.XXXXXX)
cleanup() {
	if [ -S "$dir/ctd.sock" ]; then
		"$ctd" -C "$dir/ctd.conf" -k >/dev/null 2>&1 || true
	fi
	ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
ip netns add "$ns"
# Events for every entry, also those created before conntrackd starts (the
# kernel's default, 2, adds them only while someone listens).
ip netns exec "$ns" sysctl -qw net.netfilter.nf_conntrack_events=1
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

echo "conntrackd in statistics mode (console mode, in the namespace)"
cat >"$dir/ctd.conf" <<EOF
General {
	LockFile $dir/ctd.lock
	UNIX { Path $dir/ctd.sock }
	HashSize 1024
	HashLimit 65536
}
Stats {
	LogFile $dir/flows.log
}
EOF
sed 's/^/    /' "$dir/ctd.conf"
echo
ip netns exec "$ns" "$ctd" -C "$dir/ctd.conf" >"$dir/console.log" 2>&1 &
for _ in $(seq 100); do
	[ -S "$dir/ctd.sock" ] && break
	sleep 0.05
done
sleep 0.2
ctd_run() {
	echo "# conntrackd $*"
	"$ctd" -C "$dir/ctd.conf" "$@"
	echo
}
ctd_run -i
ctd_run -s
run -D -p udp
sleep 0.2
echo "# the flow log"
cat "$dir/flows.log"
echo
ctd_run -k
sleep 0.2
echo "# the daemon's console output"
cat "$dir/console.log"
