#!/bin/sh
# Guest job: the stress scenario, clients/audit-stress, with what the
# harness put on the kernel command line:
#   STRESS_SECONDS  how long producers run and daemons flap (default 60)
#   STRESS_SEED     seed of the flap schedule (default 1)
#   STRESS_FAULTS   percentage of failed allocations for the AUDIT_USER
#                   producers (default 0: no fault injection)
#   STRESS_CPU      if set, SECONDS that auditd stays stopped while kauditd's
#                   CPU time is measured, instead of the flapping
# audit-stress prints TAP and a table; init.sh scans kmemleak afterwards.
set -eu
run=$(pwd)
bin=$(cd "$run/../../clients" && pwd)/audit-stress
set -- -t "${STRESS_SECONDS:-60}" -s "${STRESS_SEED:-1}" -f "${STRESS_FAULTS:-0}"
[ -z "${STRESS_CPU:-}" ] || set -- "$@" -c "$STRESS_CPU"
echo "stress: $bin $*"
exec "$bin" "$@"
