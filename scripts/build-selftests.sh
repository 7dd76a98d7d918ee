#!/bin/sh
# Build, install and pack the audit kselftests from the source tree, as
# kernel CI would: `make -C tools/testing/selftests TARGETS=audit gen_tar`
# (install, then kselftest-packages/kselftest.tar.gz of the install).
# UML cannot export headers, so the uapi headers come from ARCH=x86_64
# headers_install; the binaries are linked statically so that they run in
# the guest whatever its root holds.
# usage: build-selftests.sh     (installs into $OUT/kselftest)
set -eu
. "$(dirname "$0")/common.sh"

hdr=$OUT/headers
dest=$OUT/kselftest

[ -d "$SRC/tools/testing/selftests/audit" ] ||
	die "no tools/testing/selftests/audit in $SRC: is the series applied?"
make -s -C "$SRC" ARCH=x86_64 O="$hdr" headers_install
rm -rf "$dest" "$OUT/kselftest-obj"
make -s -C "$SRC/tools/testing/selftests" TARGETS=audit \
	O="$OUT/kselftest-obj" KHDR_INCLUDES="-isystem $hdr/usr/include" \
	CC="ccache gcc" LDFLAGS=-static INSTALL_PATH="$dest" gen_tar >/dev/null
[ -x "$dest/audit/backlog_test" ] || die "kselftest build produced no audit/backlog_test"
[ -f "$dest/kselftest-packages/kselftest.tar.gz" ] ||
	die "kselftest build produced no kselftest-packages/kselftest.tar.gz"
say "kselftests installed in $dest, and packed by gen_tar"
