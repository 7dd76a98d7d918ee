#!/bin/sh
# The guest jobs on an x86_64 SMP test kernel (build-smp.sh, run-smp.sh),
# in both boot modes - with audit=1, and with no audit= parameter - four
# vCPUs each: KUnit (at boot) and the kselftests, Debian's auditd scenario
# (guest/auditd-scenario.sh), the hostile netlink requests
# (clients/audit-hostile) and the stress scenario (scripts/stress.sh, its
# producers pinned to different CPUs); then judge the runs as test.sh does.
# KMSAN's kernel, slower, runs KUnit and the kselftests in both modes and
# the stress boots with no audit= (records printed to the kernel log while
# no daemon is registered) only.
# Any lockdep, KASAN, KCSAN, KMSAN, WARN or BUG line on a console fails its
# run.
# The report is results/check-smp-SAN-BASE.json (patched) or
# results/smp-SAN-base-BASE.json (unpatched, not judged).
# The last line counts every case: "N passed, N failed, N skipped".
# usage: test-smp.sh KERNEL SAN     (patched or base; kasan, kcsan or kmsan)
set -eu
. "$(dirname "$0")/common.sh"
kernel=${1:?usage: test-smp.sh patched|base kasan|kcsan|kmsan}
san=${2:?usage: test-smp.sh patched|base kasan|kcsan|kmsan}
deps=smp stress_modes="audit1 default"
[ "$san" != kmsan ] || deps=kmsan stress_modes=default
"$TOP/scripts/install-deps.sh" "$deps"
"$TOP/scripts/build-smp.sh" "$kernel" "$san"
"$TOP/scripts/build-selftests.sh"
"$TOP/scripts/build-clients.sh"
runs=
for mode in audit1 default; do
	"$TOP/scripts/run-smp.sh" "$kernel" "$san" "$mode"
	runs="$runs $OUT/runs/smp-$san-$kernel-$mode"
	[ "$san" != kmsan ] || continue
	RUN_TAG=auditd GUEST_TIMEOUT=600 "$TOP/scripts/run-smp.sh" \
		"$kernel" "$san" "$mode" "$TOP/guest/auditd-scenario.sh"
	runs="$runs $OUT/runs/smp-$san-$kernel-$mode-auditd"
	RUN_TAG=hostile GUEST_TIMEOUT=300 "$TOP/scripts/run-smp.sh" \
		"$kernel" "$san" "$mode" "$OUT/clients/audit-hostile"
	runs="$runs $OUT/runs/smp-$san-$kernel-$mode-hostile"
done
SMP_SAN=$san STRESS_MODES=$stress_modes "$TOP/scripts/stress.sh" "$kernel" --no-report
runs="$runs $(cat "$OUT/runs/stress-smp-$san-$kernel.list")"
mkdir -p "$TOP/results"
if [ "$kernel" = base ]; then
	# shellcheck disable=SC2086
	/usr/bin/python3 "$TOP/scripts/report.py" --no-known-failures \
		--json "$TOP/results/smp-$san-base-$BASE.json" "$SRC" $runs || true
else
	# shellcheck disable=SC2086
	exec /usr/bin/python3 "$TOP/scripts/report.py" --expect "$BASEDIR/expect" \
		--json "$TOP/results/check-smp-$san-$BASE.json" "$SRC" $runs
fi
