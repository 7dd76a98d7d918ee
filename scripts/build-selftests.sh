#!/bin/sh
# Build, install and pack the audit kselftests from the source tree, as
# kernel CI would: `make -C tools/testing/selftests TARGETS=audit gen_tar`
# (install, then kselftest-packages/kselftest.tar.gz of the install).
# UML cannot export headers, so the uapi headers come from ARCH=x86_64
# headers_install; the binaries are linked statically so that they run in
# the guest whatever its root holds.
# usage: build-selftests.sh [TREE [DEST]]
#   (default: $SRC, installed into $OUT/kselftest)
set -eu
. "$(dirname "$0")/common.sh"
tree=${1:-$SRC}
dest=${2:-$OUT/kselftest}
hdr=$dest.headers

[ -d "$tree/tools/testing/selftests/audit" ] ||
	die "no tools/testing/selftests/audit in $tree: is the series applied?"
make -s -C "$tree" ARCH=x86_64 O="$hdr" headers_install
rm -rf "$dest" "$dest.obj"
make -s -C "$tree/tools/testing/selftests" TARGETS=audit \
	O="$dest.obj" KHDR_INCLUDES="-isystem $hdr/usr/include" \
	CC="ccache gcc" LDFLAGS=-static INSTALL_PATH="$dest" gen_tar >/dev/null
[ -x "$dest/audit/backlog_test" ] || die "kselftest build produced no audit/backlog_test"
[ -f "$dest/kselftest-packages/kselftest.tar.gz" ] ||
	die "kselftest build produced no kselftest-packages/kselftest.tar.gz"
say "kselftests installed in $dest, and packed by gen_tar"
