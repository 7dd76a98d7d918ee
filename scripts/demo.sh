#!/bin/sh
# The main job: boot the unpatched and the patched kernel, in both boot
# modes, run the slow-auditd and auditd-restart scenarios in each, and print
# one table per kernel; then Debian's own auditd through restarts, stops and
# kills in each, and one table for all four boots.
set -eu
. "$(dirname "$0")/common.sh"
"$TOP/scripts/build-demo.sh"
"$TOP/scripts/build-clients.sh"
runs=
auditd_runs=
for kernel in base patched; do
	for mode in audit1 default; do
		RUN_TAG=demo GUEST_TIMEOUT=300 "$TOP/scripts/run-guest.sh" \
			"$kernel" "$mode" "$OUT/demo/scenarios"
		runs="$runs $OUT/runs/$kernel-$mode-demo"
		RUN_TAG=auditd GUEST_TIMEOUT=400 "$TOP/scripts/run-guest.sh" \
			"$kernel" "$mode" "$TOP/guest/auditd-scenario.sh"
		auditd_runs="$auditd_runs $OUT/runs/$kernel-$mode-auditd"
	done
done
# shellcheck disable=SC2086
/usr/bin/python3 "$TOP/scripts/demo-table.py" $runs
echo
# shellcheck disable=SC2086
exec /usr/bin/python3 "$TOP/scripts/auditd_check.py" --table $auditd_runs
