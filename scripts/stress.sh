#!/bin/sh
# The stress scenario (clients/audit-stress, run by guest/stress.sh) on one
# kernel, in both boot modes, three boots each:
#   stress         STRESS_SECONDS of producers and flapping daemons
#   stress-faults  the same for STRESS_FAULT_SECONDS, with STRESS_FAULTS
#                  percent of the AUDIT_USER producers' allocations failing
#   stress-cpu     auditd stopped for STRESS_CPU seconds: kauditd's CPU time
# then judges them all (scripts/report.py), unless --no-report: test.sh
# judges them with the rest, from the list of run folders this leaves in
# $OUT/runs/stress-KERNEL.list.
# STRESS_MODES: the boot modes (default "audit1 default").
# With SMP_SAN=kasan, kcsan or kmsan, the boots are of the x86_64 SMP kernel
# (run-smp.sh, four vCPUs, each producer pinned to a CPU of its own), and
# the list is $OUT/runs/stress-smp-SAN-KERNEL.list.
# usage: stress.sh KERNEL [--no-report]      (patched or base)
set -eu
. "$(dirname "$0")/common.sh"
kernel=${1:?usage: stress.sh patched|base [--no-report]}
report=${2:-}
seconds=${STRESS_SECONDS:-60}
seed=${STRESS_SEED:-1}
fault_seconds=${STRESS_FAULT_SECONDS:-30}
faults=${STRESS_FAULTS:-5}
cpu=${STRESS_CPU:-10}
for v in "$seconds" "$seed" "$fault_seconds" "$faults" "$cpu"; do
	case "$v" in
	''|*[!0-9]*) die "STRESS_* settings are whole numbers, not '$v'" ;;
	esac
done
"$TOP/scripts/build-clients.sh"
case "${SMP_SAN:-}" in
'')	bed=$kernel
	boot() { "$TOP/scripts/run-guest.sh" "$kernel" "$@"; } ;;
kasan|kcsan|kmsan)
	bed=smp-$SMP_SAN-$kernel
	boot() { "$TOP/scripts/run-smp.sh" "$kernel" "$SMP_SAN" "$@"; } ;;
*)	die "SMP_SAN is kasan, kcsan or kmsan, not '$SMP_SAN'" ;;
esac
# The guest's own time limit: the run, the drain, and the boot.
limit=$((seconds + 300))
runs=
modes=${STRESS_MODES:-audit1 default}
for mode in $modes; do
	case "$mode" in
	audit1|default) ;;
	*) die "STRESS_MODES holds audit1 and default, not '$mode'" ;;
	esac
	RUN_TAG=stress GUEST_TIMEOUT=$limit \
		GUEST_ENV="STRESS_SECONDS=$seconds STRESS_SEED=$seed" \
		boot "$mode" "$TOP/guest/stress.sh"
	RUN_TAG=stress-faults GUEST_TIMEOUT=$((fault_seconds + 300)) \
		GUEST_ENV="STRESS_SECONDS=$fault_seconds STRESS_SEED=$seed STRESS_FAULTS=$faults" \
		boot "$mode" "$TOP/guest/stress.sh"
	RUN_TAG=stress-cpu GUEST_TIMEOUT=$((cpu + 300)) \
		GUEST_ENV="STRESS_CPU=$cpu STRESS_SEED=$seed" \
		boot "$mode" "$TOP/guest/stress.sh"
	for tag in stress stress-faults stress-cpu; do
		runs="$runs $OUT/runs/$bed-$mode-$tag"
	done
done
echo "$runs" > "$OUT/runs/stress-$bed.list"
[ "$report" != --no-report ] || exit 0
opts="--expect $BASEDIR/expect"
[ "$kernel" = patched ] || opts=--no-known-failures
# shellcheck disable=SC2086
exec /usr/bin/python3 "$TOP/scripts/report.py" $opts "$SRC" $runs
