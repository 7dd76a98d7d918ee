#!/bin/sh
# Build and install the audit kselftests from the source tree, as kernel CI
# would: `make -C tools/testing/selftests TARGETS=audit install`.
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
	CC="ccache gcc" LDFLAGS=-static INSTALL_PATH="$dest" install >/dev/null
[ -x "$dest/audit/backlog_test" ] || die "kselftest build produced no audit/backlog_test"
say "kselftests installed in $dest"
