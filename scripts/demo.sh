#!/bin/sh
# The main job: boot the unpatched and the patched kernel, in both boot
# modes, run the slow-auditd and auditd-restart scenarios in each, and print
# one table per kernel; then Debian's own auditd through restarts, stops and
# kills in each, and one table for all four boots.
set -eu
. "$(dirname "$0")/common.sh"
started=$(date +%s)
"$TOP/scripts/build-demo.sh"
"$TOP/scripts/build-clients.sh"
runs=
auditd_runs=
for kernel in base patched; do
	for mode in audit1 default; do
		RUN_TAG=demo GUEST_TIMEOUT=500 "$TOP/scripts/run-guest.sh" \
			"$kernel" "$mode" "$OUT/demo/scenarios"
		runs="$runs $OUT/runs/$kernel-$mode-demo"
		RUN_TAG=auditd GUEST_TIMEOUT=400 "$TOP/scripts/run-guest.sh" \
			"$kernel" "$mode" "$TOP/guest/auditd-scenario.sh"
		auditd_runs="$auditd_runs $OUT/runs/$kernel-$mode-auditd"
	done
done
# The figures go to results/ too, where scripts/figures.py takes them for
# the README, the docs and the cover letters.
mkdir -p "$TOP/results"
# shellcheck disable=SC2086
/usr/bin/python3 "$TOP/scripts/demo-table.py" --json "$TOP/results/demo-$BASE.json" $runs
echo
# shellcheck disable=SC2086
/usr/bin/python3 "$TOP/scripts/auditd_check.py" --table \
	--json "$TOP/results/auditd-$BASE.json" $auditd_runs
# the kernels are built before this script starts: make demo says how long
# that took (DEMO_START, cold or warm)
/usr/bin/python3 "$TOP/scripts/timing.py" "$BASE" demo \
	"$(( $(date +%s) - ${DEMO_START:-$started} ))" "${DEMO_COLD:-warm}"
