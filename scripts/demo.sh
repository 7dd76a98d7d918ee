#!/bin/sh
# The main job: boot the unpatched and the patched kernel, in both boot
# modes, run the slow-auditd and auditd-restart scenarios in each, and print
# one table per kernel.
set -eu
. "$(dirname "$0")/common.sh"
"$TOP/scripts/build-demo.sh"
runs=
for kernel in base patched; do
	for mode in audit1 default; do
		RUN_TAG=demo GUEST_TIMEOUT=300 "$TOP/scripts/run-guest.sh" \
			"$kernel" "$mode" "$OUT/demo/scenarios"
		runs="$runs $OUT/runs/$kernel-$mode-demo"
	done
done
# shellcheck disable=SC2086
exec /usr/bin/python3 "$TOP/scripts/demo-table.py" $runs
