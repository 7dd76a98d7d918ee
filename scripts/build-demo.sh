#!/bin/sh
# Build the demo's scenario program, static, against the series' audit
# selftest header (the test daemon) and x86_64 uapi headers.
set -eu
. "$(dirname "$0")/common.sh"
hdr=$OUT/headers
inc=$SRC/tools/testing/selftests/audit
[ -f "$inc/audit_common.h" ] || die "no $inc/audit_common.h: is the series applied?"
make -s -C "$SRC" ARCH=x86_64 O="$hdr" headers_install
mkdir -p "$OUT/demo"
ccache gcc -O2 -Wall -Werror -static -I"$inc" -isystem "$hdr/usr/include" \
	-o "$OUT/demo/scenarios" "$TOP/demo/scenarios.c"
say "built $OUT/demo/scenarios"
