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
	libsystemd-dev      # optional for the build: conntrackd's sd_notify
	conntrack conntrackd  # the reference implementation, for differential tests
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
	# The reference conntrackd package would start its daemon on the
	# host's own table: keep services from starting while installing.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	apt-get install -y -q --no-install-recommends "${missing[@]}"
	if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
		systemctl disable --now conntrackd >/dev/null 2>&1 || true
	fi
else
	echo "deps: all present"
fi
