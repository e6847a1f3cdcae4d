#!/bin/sh
# run.sh - build the libFuzzer harnesses with clang and run each for a
# while.
#
#   tests/fuzz/run.sh [BUILD_DIR]        (default: build-fuzz)
#
# Environment:
#   FUZZ_SECONDS=N      how long each harness runs (default 20)
#   FUZZ_JOBS=N         parallel fuzzing processes per harness (default 1)
#   FUZZ_GEN_SEEDS=1    first rewrite corpus/ct_parse/build-*.bin from
#                       gen_seeds.c (messages made by ct_build)
#   CC                  the compiler (default clang; must support
#                       -fsanitize=fuzzer)
#
# The harnesses are compiled straight from lib/*.c,
# src/conntrack/words.c and optscan.c, src/conntrackd/conf_lex.c and the
# conntrackd.conf parser (conf_parse.c, conf_filter.c) (not through
# meson) with
# -fsanitize=fuzzer,address,undefined. Inputs found are kept in
# BUILD_DIR/corpus/<harness> (the seeds in tests/fuzz/corpus/<harness> are
# only read); crashes land in BUILD_DIR/artifacts/<harness>/ and the log in
# BUILD_DIR/<harness>.log. Exits non-zero when any harness found a crash,
# a leak, a timeout or a broken invariant, or when the build failed.
#
# Reproduce a crash:  BUILD_DIR/fuzz_<harness> BUILD_DIR/artifacts/<harness>/crash-...
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-build-fuzz}
seconds=${FUZZ_SECONDS:-20}
jobs=${FUZZ_JOBS:-1}
cc=${CC:-clang}

mkdir -p "$build"
build=$(cd "$build" && pwd)

pkgcflags=$(pkg-config --cflags libmnl libnetfilter_conntrack)
pkglibs=$(pkg-config --libs libmnl libnetfilter_conntrack)

san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer -std=gnu11 -Wall -Wno-unused-parameter"

lib_src="ct.c ct_parse.c ct_build.c ct_filter.c names.c obuf.c fmt_default.c fmt_xml.c fmt_save.c fmt_json.c exp.c fmt_exp.c ct_pack.c"
lib_files=""
for f in $lib_src; do
	lib_files="$lib_files $top/lib/$f"
done

echo "== building in $build"
# shellcheck disable=SC2086
"$cc" $cflags $san $pkgcflags -I"$top/lib" \
	-o "$build/fuzz_ct_parse" "$here/fuzz_ct_parse.c" $lib_files $pkglibs
# shellcheck disable=SC2086
"$cc" $cflags $san -I"$top/src/conntrack" \
	-o "$build/fuzz_words" "$here/fuzz_words.c" "$top/src/conntrack/words.c"
# shellcheck disable=SC2086
"$cc" $cflags $san -I"$top/src/conntrack" -I"$top/tests/unit" \
	-o "$build/fuzz_optscan" "$here/fuzz_optscan.c" \
	"$top/tests/unit/optscan_diff.c" "$top/src/conntrack/optscan.c"
# shellcheck disable=SC2086
"$cc" $cflags $san -I"$top/src/conntrackd" \
	-o "$build/fuzz_conf_lex" "$here/fuzz_conf_lex.c" "$top/src/conntrackd/conf_lex.c"
# shellcheck disable=SC2086
"$cc" $cflags $san $pkgcflags -I"$top/src/conntrackd" -I"$top/lib" \
	-o "$build/fuzz_conf" "$here/fuzz_conf.c" "$top/src/conntrackd/conf_parse.c" \
	"$top/src/conntrackd/conf_filter.c" "$top/src/conntrackd/conf_lex.c" \
	$pkglibs
d=$top/src/conntrackd
# shellcheck disable=SC2086
"$cc" $cflags $san $pkgcflags -I"$d" -I"$top/lib" \
	-o "$build/fuzz_local" "$here/fuzz_local.c" "$d/stats_mode.c" \
	"$d/cache.c" "$d/slab.c" "$d/cache_dump.c" "$d/exp_cache.c" "$d/log.c" \
	"$d/local.c" "$d/loop.c" \
	$lib_files $pkglibs

if [ "${FUZZ_GEN_SEEDS:-0}" = 1 ]; then
	echo "== regenerating corpus/ct_parse/build-*.bin"
	# shellcheck disable=SC2086
	"$cc" $cflags $pkgcflags -I"$top/lib" -o "$build/gen_seeds" \
		"$here/gen_seeds.c" $lib_files $pkglibs
	"$build/gen_seeds" "$here/corpus/ct_parse"
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

status=0
for h in ct_parse words optscan conf_lex conf local; do
	work="$build/corpus/$h"
	art="$build/artifacts/$h"
	log="$build/$h.log"
	mkdir -p "$work" "$art"
	dict=""
	[ -f "$here/$h.dict" ] && dict="-dict=$here/$h.dict"
	jobopts=""
	[ "$jobs" -gt 1 ] && jobopts="-jobs=$jobs -workers=$jobs"
	echo "== fuzzing $h for ${seconds}s (log: $log)"
	rc=0
	# (cd: with FUZZ_JOBS the workers' fuzz-N.log files go there too)
	cd "$build"
	# shellcheck disable=SC2086
	"$build/fuzz_$h" -max_total_time="$seconds" -timeout=10 -max_len=4096 \
		-print_final_stats=1 -artifact_prefix="$art/" $dict $jobopts \
		"$work" "$here/corpus/$h" >"$log" 2>&1 || rc=$?
	found=$(find "$art" -type f \( -name 'crash-*' -o -name 'leak-*' \
		-o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
	runs=$(grep -h 'stat::number_of_executed_units' "$log" "$build"/fuzz-*.log 2>/dev/null |
		awk '{ s += $2 } END { print s + 0 }')
	cov=$(grep -h '^#[0-9].*cov:' "$log" | tail -1 | sed 's/.*\(cov: [0-9]*\).*/\1/')
	echo "   runs: $runs, ${cov:-cov: ?}, corpus: $(find "$work" -type f | wc -l) files, exit $rc"
	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		status=1
		echo "   FOUND A PROBLEM in $h:"
		grep -E 'ERROR: |runtime error|invariant broken|SUMMARY' "$log" | head -10 | sed 's/^/     /'
		find "$art" -type f | sed 's/^/     artifact: /'
	fi
done

if [ "$status" -ne 0 ]; then
	echo "== fuzzing found problems"
else
	echo "== no crash found"
fi
exit "$status"
