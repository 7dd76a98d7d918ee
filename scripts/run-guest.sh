#!/bin/sh
# Boot a UML test kernel with the host's root through hostfs, run a job in
# it, and keep everything it printed in a run folder.
# usage: run-guest.sh KERNEL MODE [JOB]
#   KERNEL  name given to build-uml.sh (patched, base)
#   MODE    audit1 (boot with audit=1), default (no audit= at all), or off
#           (audit=0: audit removed altogether; the tests must skip)
#   JOB     "kselftest" (default), or a command to run in the guest
# The run folder is $OUT/runs/KERNEL-MODE[-TAG]; TAG comes from $RUN_TAG.
# GUEST_ENV: NAME=VALUE words (no spaces in a value) for the job's
# environment, passed on the kernel command line.  KSFT: the installed
# kselftests to run (default $OUT/kselftest).
set -eu
. "$(dirname "$0")/common.sh"
kernel=${1:?usage: run-guest.sh KERNEL MODE [JOB]}
mode=${2:?usage: run-guest.sh KERNEL MODE [JOB]}
job=${3:-kselftest}
# The guest sees the host's files at the same paths: make a program absolute.
[ "$job" = kselftest ] || [ ! -e "$job" ] || job=$(realpath "$job")
bin=$OUT/linux-$kernel
[ -x "$bin" ] || die "no kernel $bin: build it first (make kernel / make kernel-base)"
case "$mode" in
audit1) extra=audit=1 ;;
default) extra= ;;
off) extra=audit=0 ;;
*) die "unknown mode '$mode' (audit1, default or off)" ;;
esac

run=$OUT/runs/$kernel-$mode${RUN_TAG:+-$RUN_TAG}
rm -rf "$run"
mkdir -p "$run"
ksft=${KSFT:-$OUT/kselftest}
[ "$job" != kselftest ] || [ -x "$ksft/audit/backlog_test" ] ||
	die "no kselftests in $ksft: run scripts/build-selftests.sh"
timeout=${GUEST_TIMEOUT:-900}

say "booting $kernel ($mode) for '$job', console log in $run/console.log"
# UML keeps guest memory in a file under TMPDIR, best on tmpfs.
tmp=/dev/shm; [ -d /dev/shm ] && [ -w /dev/shm ] || { tmp=$BUILD/tmp; mkdir -p "$tmp"; }
set +e
# shellcheck disable=SC2086 # GUEST_ENV is words on purpose
TMPDIR=$tmp timeout -k 10 $((timeout + 120)) "$bin" mem=768M \
	rootfstype=hostfs rootflags=/ rw init="$TOP/guest/init.sh" \
	con=null con0=null,fd:1 $extra \
	HARNESS_RUN="$run" HARNESS_KSFT="$ksft" HARNESS_TIMEOUT="$timeout" \
	HARNESS_JOB="$job" ${GUEST_ENV:-} \
	< /dev/null > "$run/console.log" 2>&1
rc=$?
set -e
echo "$rc" > "$run/guest.rc"
{
	echo "kernel=$kernel"
	echo "mode=$mode"
	echo "job=$job"
	echo "env=${GUEST_ENV:-}"
	echo "commit=$(cat "$bin.commit" 2>/dev/null)"
	echo "base_package=linux-source-$BASE $(cat "$BASE_VERSION_FILE")"
	echo "base_sha256=$(cat "$BASE_SHA256_FILE")"
} > "$run/info"
[ "$rc" -eq 0 ] || echo "warning: guest exited with $rc (124 = timed out)" >&2
exit 0
