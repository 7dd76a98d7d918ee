#!/bin/sh
# Where the instructions go: boots one bench kernel under -icount with the
# tb-profile QEMU plugin (bench/tb-profile.c) twice, with BENCH_N=0 and
# with BENCH_N=N, and prints the guest instructions per operation that each
# kernel function adds: the difference of the two runs, divided by N.
# Usage: scripts/bench-profile.sh KERNEL WORK [N]
#   KERNEL  base or patched (the kernels of scripts/build-bench.sh)
#   WORK    syscall_audited, user_record, user_record_long or unix_floor
#   N       operations, 5000 by default
# BED: the bench bed, min (default) or distro (scripts/build-bench.sh).
set -eu
. "$(dirname "$0")/common.sh"
kernel=${1:-} work=${2:-} n=${3:-5000}
case "$kernel" in base|patched) ;; *) die "usage: $0 base|patched WORK [N]" ;; esac
case "$work" in
syscall_audited|user_record|user_record_long|unix_floor) ;;
*) die "unknown WORK '$work' (syscall_audited, user_record, user_record_long, unix_floor)" ;;
esac
case "$n" in ''|*[!0-9]*|0) die "N must be a positive whole number, not '$n'" ;; esac
bed=${BED:-min}
BENCH_BEDS=$bed "$TOP/scripts/build-bench.sh"
"$TOP/scripts/bench-initramfs.sh"
dir=$OUT/bench
gcc -shared -fPIC -O2 -Wall -Wextra -Werror -fvisibility=hidden \
	-o "$dir/tb-profile.so" "$TOP/bench/tb-profile.c"
mkdir -p "$dir/profile"
for count in 0 "$n"; do
	out=$dir/profile/$bed-$kernel-$work-$count
	say "profiling $kernel $work, BENCH_N=$count"
	timeout 900 qemu-system-x86_64 -nographic -no-reboot -m 512M -smp 1 \
		-icount shift=0,sleep=off -rtc base=2026-01-01T00:00:00,clock=vm \
		-plugin "$dir/tb-profile.so,out=$out.tb" \
		-kernel "$dir/$bed/bzImage-$kernel" -initrd "$dir/initramfs.cpio" \
		-append "$BENCH_CMDLINE $BENCH_ICOUNT BENCH=profile BENCH_WORK=$work BENCH_N=$count" \
		< /dev/null > "$out.log" 2>&1 || true
	grep -q '^BENCH-END' "$out.log" || die "no BENCH-END in $out.log"
done
exec /usr/bin/python3 "$TOP/scripts/bench-profile.py" "$dir/$bed/System.map-$kernel" \
	"$n" "$dir/profile/$bed-$kernel-$work-0.tb" "$dir/profile/$bed-$kernel-$work-$n.tb"
