#!/usr/bin/env bash
# Install what building and testing need, on Debian 12, as root.
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
	build-essential meson ninja-build pkg-config
	libmnl-dev libnetfilter-conntrack-dev libnfnetlink-dev
	libcmocka-dev clang libclang-rt-14-dev valgrind
	python3 python3-pytest python3-jsonschema
	iproute2 nftables kmod
	conntrack           # the reference implementation, for differential tests
	groff-base man-db   # man page checks
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
else
	echo "deps: all present"
fi
