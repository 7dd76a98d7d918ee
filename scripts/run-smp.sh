#!/bin/sh
# Boot an x86_64 SMP test kernel (build-smp.sh) under QEMU, with four vCPUs
# on multi-threaded TCG, run a job in it, and keep everything it printed in
# a run folder, as run-guest.sh does for UML.  The guest gets the host's
# root read-only over virtio-9p, so that the guest jobs and the installed
# kselftests are at the same paths as under UML; the run folder is a second
# 9p export, the one the guest may write to (guest/init.sh mounts it).
# usage: run-smp.sh KERNEL SAN MODE [JOB]
#   KERNEL  patched or base;  SAN  kasan, kcsan or kmsan
#   MODE    audit1 (boot with audit=1) or default (no audit= at all)
#   JOB     "kselftest" (default), or a command to run in the guest
# The run folder is $OUT/runs/smp-SAN-KERNEL-MODE[-TAG]; TAG comes from
# $RUN_TAG.  GUEST_ENV, KSFT and GUEST_TIMEOUT as for run-guest.sh;
# SMP_CPUS: vCPUs (default 4).
set -eu
. "$(dirname "$0")/common.sh"
usage="usage: run-smp.sh patched|base kasan|kcsan|kmsan audit1|default [JOB]"
kernel=${1:?$usage}
san=${2:?$usage}
mode=${3:?$usage}
job=${4:-kselftest}
[ "$job" = kselftest ] || [ ! -e "$job" ] || job=$(realpath "$job")
img=$OUT/smp/$san/bzImage-$kernel
[ -f "$img" ] || die "no kernel $img: build it first (scripts/build-smp.sh $kernel $san)"
command -v qemu-system-x86_64 >/dev/null ||
	die "no qemu-system-x86_64: run scripts/install-deps.sh smp"
case "$mode" in
audit1) extra=audit=1 ;;
default) extra= ;;
*) die "unknown mode '$mode' (audit1 or default)" ;;
esac
cpus=${SMP_CPUS:-4}

run=$OUT/runs/smp-$san-$kernel-$mode${RUN_TAG:+-$RUN_TAG}
rm -rf "$run"
mkdir -p "$run"
ksft=${KSFT:-$OUT/kselftest}
[ "$job" != kselftest ] || [ -x "$ksft/audit/backlog_test" ] ||
	die "no kselftests in $ksft: run scripts/build-selftests.sh"
timeout=${GUEST_TIMEOUT:-900}
p9=trans=virtio,version=9p2000.L,msize=262144

say "booting SMP $san/$kernel ($mode, $cpus vCPUs) for '$job', console log in $run/console.log"
set +e
# panic=-1 and -no-reboot: a panic, or the guest's sysrq reboot at the end,
# ends QEMU.
# shellcheck disable=SC2086 # GUEST_ENV is words on purpose
timeout -k 10 $((timeout + 300)) qemu-system-x86_64 -nographic -no-reboot \
	-m 2G -smp "$cpus,sockets=$cpus,cores=1,threads=1" \
	-accel tcg,thread=multi -kernel "$img" \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=root \
	-fsdev local,id=run,path="$run",security_model=none \
	-device virtio-9p-pci,fsdev=run,mount_tag=run \
	-append "console=ttyS0 panic=-1 root=root rootfstype=9p rootflags=$p9 ro \
init=$TOP/guest/init.sh $extra HARNESS_RUN=$run HARNESS_RUN_TAG=run \
HARNESS_HALT=b HARNESS_KSFT=$ksft HARNESS_TIMEOUT=$timeout \
HARNESS_JOB=$job ${GUEST_ENV:-}" \
	< /dev/null > "$run/console.log" 2>&1
rc=$?
set -e
echo "$rc" > "$run/guest.rc"
{
	echo "kernel=$kernel"
	echo "mode=$mode"
	echo "job=$job"
	echo "env=${GUEST_ENV:-}"
	echo "bed=smp-$san"
	echo "cpus=$cpus"
	echo "commit=$(cat "$img.commit" 2>/dev/null)"
	echo "base_package=linux-source-$BASE $(cat "$BASE_VERSION_FILE")"
	echo "base_sha256=$(cat "$BASE_SHA256_FILE")"
} > "$run/info"
[ "$rc" -eq 0 ] || echo "warning: QEMU exited with $rc (124 = timed out)" >&2
exit 0
