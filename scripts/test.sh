#!/usr/bin/env bash
# Everything: install missing dependencies, build (normal and ASan/UBSan),
# run the unit tests (also under valgrind), the system tests of conntrack
# and conntrackd against the real kernel in network namespaces (normal
# and sanitizer builds, and a part of them with conntrack under
# valgrind), the conntrackd.conf parser differential, the benchmark at a
# small size, and a short fuzzing run. Needs root (namespaces). Exits non-zero
# on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
	echo "test: run as root (tests create network namespaces)" >&2
	exit 1
fi
scripts/deps.sh
scripts/build.sh --asan

step() { echo; echo "=== $*"; }

step "unit tests"
meson test -C build --print-errorlogs
step "unit tests under ASan/UBSan"
meson test -C build-asan --print-errorlogs
step "unit tests under valgrind"
meson test -C build --print-errorlogs \
	--wrapper 'valgrind --quiet --error-exitcode=1 --leak-check=full'

step "system tests"
/usr/bin/python3 -m pytest tests/system -q -p no:cacheprovider
step "system tests with the ASan/UBSan build"
CT_OURS=$PWD/build-asan/src/conntrack/conntrack \
	CTD_OURS=$PWD/build-asan/src/conntrackd/conntrackd \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	/usr/bin/python3 -m pytest tests/system -q -p no:cacheprovider

step "system tests with conntrack under valgrind (table lines 1xx and 4xx)"
CT_OURS=$PWD/scripts/valgrind-conntrack.sh \
	/usr/bin/python3 -m pytest tests/system -q -p no:cacheprovider \
	-k "test_case and (L1 or L4)"

step "conntrackd system tests with the daemon under valgrind"
CTD_OURS=$PWD/scripts/valgrind-conntrackd.sh \
	/usr/bin/python3 -m pytest tests/system/test_conntrackd.py -q -p no:cacheprovider \
	-k "stats_mode_differential or poll_mode or neither or console_start or filter or bad_config or cli_diff or sync"

step "conntrackd.conf parser against the reference's (client mode, unshare -n)"
/usr/bin/python3 tests/conf/diff_reference.py

step "benchmark at a small size (the 1,000,000-entry run is manual)"
bench/table_bench.py -n 20000 -r 1 --check
bench/ctd_bench.py -n 20000 --check

if [ -x tests/fuzz/run.sh ]; then
	step "fuzzing (${FUZZ_SECONDS:=15} s per harness)"
	FUZZ_SECONDS=$FUZZ_SECONDS tests/fuzz/run.sh build-fuzz
fi
step "all tests passed"
