#!/usr/bin/env bash
# Build the normal tree (build/) and, with --asan, the sanitizer tree
# (build-asan/, ASan + UBSan). Reuses existing build directories.
set -euo pipefail
cd "$(dirname "$0")/.."

setup() {	# dir, extra meson options...
	local dir=$1; shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >/dev/null
	fi
	ninja -C "$dir"
}

setup build -Dwerror=true
if [ "${1:-}" = "--asan" ]; then
	setup build-asan -Dwerror=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debug
fi
