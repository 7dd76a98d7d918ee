#!/bin/sh
# The benchmark bed: unpatched against patched, in one run.  Builds the
# x86_64 kernels of each bed (scripts/build-bench.sh: "min", and "distro",
# closer to a distribution kernel) and the workloads (bench/audit-bench.c)
# into an initramfs, and boots each kernel under QEMU:
#   icount  -icount shift=0,sleep=off: guest time counts instructions, so
#           every figure repeats exactly for the same kernel and seed; one
#           boot per seed (a fixed RTC base) per kernel, on one CPU
#   smp     real time, two producers on two CPUs, BENCH_SMP_REPS runs in
#           one boot (the min bed only)
# and writes bench/results/DATE-BASE-BED.{json,md,png} for each bed
# (scripts/bench-report.py).
# Settings: BENCH_BEDS ("min distro"), BENCH_SEEDS (5), BENCH_SMP_REPS (9),
# BENCH_TIMEOUT (600 s a boot).
set -eu
. "$(dirname "$0")/common.sh"
beds=${BENCH_BEDS:-min distro}
seeds=${BENCH_SEEDS:-5}
reps=${BENCH_SMP_REPS:-9}
limit=${BENCH_TIMEOUT:-600}
for v in "$seeds" "$reps" "$limit"; do
	case "$v" in
	''|*[!0-9]*) die "BENCH_* settings are whole numbers, not '$v'" ;;
	esac
done
[ "$seeds" -ge 1 ] || die "BENCH_SEEDS must be at least 1"
BENCH_BEDS=$beds "$TOP/scripts/build-bench.sh"
"$TOP/scripts/bench-initramfs.sh"

boot() {	# boot KERNEL NAME QEMU-OPTIONS... -- KERNEL-ARGS
	kernel=$1 name=$2
	shift 2
	opts=
	while [ "$1" != -- ]; do opts="$opts $1"; shift; done
	shift
	log=$dir/runs/$kernel-$name.log
	# shellcheck disable=SC2086 # the options are words on purpose
	set -- qemu-system-x86_64 -nographic -no-reboot -m 512M $opts \
		-kernel "$dir/bzImage-$kernel" -initrd "$OUT/bench/initramfs.cpio" \
		-append "$BENCH_CMDLINE $*"
	echo "$*" > "$log.cmd"
	start=$(date +%s)
	timeout "$limit" "$@" < /dev/null > "$log" 2>&1 ||
		say "warning: $kernel $name: qemu exited with $? (124 = timed out)"
	grep -q '^BENCH-END' "$log" || die "$kernel $name: no BENCH-END in $log"
	say "[$n/$total] $bed: $kernel $name: $(grep -c '^BENCH ' "$log") figures in $(( $(date +%s) - start )) s"
}

for bed in $beds; do
	dir=$OUT/bench/$bed
	rm -rf "$dir/runs"
	mkdir -p "$dir/runs"
	total=$((seeds * 2))
	[ "$bed" != min ] || total=$((total + 2))
	n=0
	seed=1
	while [ "$seed" -le "$seeds" ]; do
		for kernel in base patched; do
			n=$((n + 1))
			# shellcheck disable=SC2086
			boot "$kernel" "icount-$seed" -smp 1 -icount shift=0,sleep=off \
				-rtc "base=2026-01-$(printf %02d "$seed")T00:00:00,clock=vm" \
				-- $BENCH_ICOUNT BENCH=icount
		done
		seed=$((seed + 1))
	done
	if [ "$bed" = min ]; then
		for kernel in base patched; do
			n=$((n + 1))
			boot "$kernel" smp -smp 2,sockets=2,cores=1,threads=1 -- \
				BENCH=smp BENCH_REPS="$reps"
		done
	fi
	BED=$bed /usr/bin/python3 "$TOP/scripts/bench-report.py" "$dir/runs" "$TOP/bench/results"
done
