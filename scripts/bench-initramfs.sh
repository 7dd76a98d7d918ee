#!/bin/sh
# The bench guest's initramfs: bench/audit-bench.c, static, as /init, packed
# by the tree's gen_init_cpio (built by scripts/build-bench.sh) into
# $OUT/bench/initramfs.cpio.
set -eu
. "$(dirname "$0")/common.sh"
dir=$OUT/bench
[ -x "$dir/gen_init_cpio" ] || die "no $dir/gen_init_cpio: run scripts/build-bench.sh"
gcc -static -O2 -Wall -Wextra -Werror -I"$TOP/clients" -o "$dir/audit-bench" \
	"$TOP/bench/audit-bench.c"
cat > "$dir/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
file /init $dir/audit-bench 0755 0 0
LIST
# A fixed timestamp: the same workloads give the same initramfs, byte for
# byte, and so the same figures.
"$dir/gen_init_cpio" -t 1767225600 "$dir/initramfs.list" > "$dir/initramfs.cpio"
