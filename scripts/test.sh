#!/bin/sh
# Boot a test kernel in both modes - with audit=1, and with no audit=
# parameter - run KUnit (at boot) and the kselftests in each, then Debian's
# auditd scenario (guest/auditd-scenario.sh) and the hostile netlink
# requests (clients/audit-hostile) in each, then the stress scenario
# (scripts/stress.sh) in each; for the patched
# kernel, also the kselftests the way kernel CI runs them
# (guest/kernel-ci.sh), and KUnit and the kselftests booted with audit=0,
# where they must skip; and judge the runs.
# The last line counts every case: "N passed, N failed, N skipped".
# usage: test.sh KERNEL     (patched or base)
# For the unpatched base, the cases the series fixes are shown failing:
# bases/BASE/expect is not applied, and the exit status is always 0.
set -eu
. "$(dirname "$0")/common.sh"
kernel=${1:?usage: test.sh patched|base}
"$TOP/scripts/build-clients.sh"
runs=
for mode in audit1 default; do
	"$TOP/scripts/run-guest.sh" "$kernel" "$mode"
	runs="$runs $OUT/runs/$kernel-$mode"
	RUN_TAG=auditd GUEST_TIMEOUT=400 "$TOP/scripts/run-guest.sh" \
		"$kernel" "$mode" "$TOP/guest/auditd-scenario.sh"
	runs="$runs $OUT/runs/$kernel-$mode-auditd"
	RUN_TAG=hostile GUEST_TIMEOUT=300 "$TOP/scripts/run-guest.sh" \
		"$kernel" "$mode" "$OUT/clients/audit-hostile"
	runs="$runs $OUT/runs/$kernel-$mode-hostile"
done
# The stress scenario in both modes: flapping daemons, fault injection,
# and kauditd's CPU time behind a stopped auditd (scripts/stress.sh).
"$TOP/scripts/stress.sh" "$kernel" --no-report
runs="$runs $(cat "$OUT/runs/stress-$kernel.list")"
# Kernel CI's own ways to run the kselftests, once: run_kselftest.sh from
# the gen_tar tarball, and make run_tests in the tree.
# And once with audit=0, where KUnit and the kselftests must skip, and
# nothing may crash.
if [ "$kernel" = patched ]; then
	RUN_TAG=kci GUEST_TIMEOUT=900 "$TOP/scripts/run-guest.sh" \
		"$kernel" default "$TOP/guest/kernel-ci.sh"
	runs="$runs $OUT/runs/$kernel-default-kci"
	GUEST_TIMEOUT=300 "$TOP/scripts/run-guest.sh" "$kernel" off
	runs="$runs $OUT/runs/$kernel-off"
fi
if [ "$kernel" = base ]; then
	# shellcheck disable=SC2086
	/usr/bin/python3 "$TOP/scripts/report.py" --no-known-failures \
		--json "$OUT/report-base.json" "$SRC" $runs || true
else
	# shellcheck disable=SC2086
	mkdir -p "$TOP/results"
	exec /usr/bin/python3 "$TOP/scripts/report.py" --expect "$BASEDIR/expect" \
		--json "$TOP/results/check-$BASE.json" "$SRC" $runs
fi
