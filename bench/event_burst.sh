#!/usr/bin/env bash
# Benchmark: conntrack -E during a burst of N new connections (default
# 1,000,000), ours and the reference (Debian's conntrack) listening side by
# side on the same events, with -b 256M and with the default buffer.
# Prints events shown / events generated for each. Needs root; works in a
# scratch network namespace and restores nf_conntrack_max afterwards.
#
#   bench/event_burst.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
ours=${CT_OURS:-$PWD/build/src/conntrack/conntrack}
ref=${CT_REF:-/usr/sbin/conntrack}
work=$(mktemp -d)
ns=ctbench-$$
old_max=$(cat /proc/sys/net/netfilter/nf_conntrack_max)

cleanup() {
	for p in $(jobs -p); do kill -INT "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	echo "$old_max" > /proc/sys/net/netfilter/nf_conntrack_max
	rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -o "$work/udp_burst" bench/udp_burst.c
echo $((n * 2 + 100000)) > /proc/sys/net/netfilter/nf_conntrack_max
ip netns add "$ns"
ip -n "$ns" link set lo up
# Track the namespace's traffic (conntrack only runs when a rule uses it).
printf 'table inet ctbench {\n chain out {\n  type filter hook output priority 0;\n  ct state new counter\n }\n}\n' |
	ip netns exec "$ns" nft -f -

round() {	# label, extra -E options...
	local label=$1; shift
	ip netns exec "$ns" conntrack -F 2>/dev/null || true
	ip netns exec "$ns" "$ours" -E -e NEW "$@" >"$work/ours.out" 2>"$work/ours.err" &
	local po=$!
	ip netns exec "$ns" "$ref" -E -e NEW "$@" >"$work/ref.out" 2>"$work/ref.err" &
	local pr=$!
	sleep 1
	local t0=$(date +%s.%N)
	local made=$(ip netns exec "$ns" "$work/udp_burst" "$n")
	local t1=$(date +%s.%N)
	sleep 3
	kill -INT "$po" "$pr"; wait "$po" "$pr" || true
	local so=$(wc -l <"$work/ours.out") sr=$(wc -l <"$work/ref.out")
	local lost=$(grep -o '[0-9]* flow events were lost' "$work/ours.err" | cut -d' ' -f1)
	printf '%-22s generated %8d in %5.2fs | ours %8d (%6.2f%%) lost-reported %-8s | reference %8d (%6.2f%%)\n' \
		"$label" "$made" "$(echo "$t1 - $t0" | bc)" "$so" "$(echo "100*$so/$made" | bc -l)" \
		"${lost:-0}" "$sr" "$(echo "100*$sr/$made" | bc -l)"
}

round "-b 256M" -b 268435456
round "default buffer"
