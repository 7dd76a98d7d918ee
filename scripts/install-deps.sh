#!/bin/sh
# Install the Debian packages the harness needs, and nothing else.
# Runs apt-get only when something is missing, so it is cheap to repeat.
# usage: install-deps.sh [bench|smp|kmsan]   (only what make bench, the SMP
# bed, or its KMSAN kernel adds)
set -eu
. "$(dirname "$0")/common.sh"

# auditd: Debian's own audit daemon and tools, run inside the test guest
# (guest/auditd-scenario.sh); python3-docutils: checks the documentation;
# qemu-system-x86: the SMP test bed's x86_64 guests (scripts/run-smp.sh),
# part of make check.
pkgs="build-essential bc bison flex libelf-dev libssl-dev ccache python3 \
quilt patch xz-utils rsync git perl python3-ply python3-git auditd \
python3-docutils qemu-system-x86"
# make bench: QEMU for the x86_64 bench guest, matplotlib for its chart.
[ "${1:-}" != bench ] || pkgs="qemu-system-x86 python3-matplotlib"
# the SMP test bed: QEMU for its x86_64 guests.
[ "${1:-}" != smp ] || pkgs="qemu-system-x86"
# KMSAN's SMP kernel: clang (Debian 12's is 14.0.6; 6.12 needs 14 or newer).
[ "${1:-}" != kmsan ] || pkgs="qemu-system-x86 clang"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed' || missing="$missing $p"
done
if ! dpkg-query -W -f='${Version}\n' "linux-source-$BASE" 2>/dev/null |
		grep -qxF "$BASE_PKG_VERSION"; then
	missing="$missing linux-source-$BASE=$BASE_PKG_VERSION"
fi
[ -n "$missing" ] || exit 0
say "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || die "apt-get update failed"
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing ||
	die "apt-get install failed for:$missing"
