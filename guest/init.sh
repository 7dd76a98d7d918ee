#!/bin/sh
# PID 1 of the test guests.  The root file system is the host's, through
# hostfs under UML, or read-only over virtio-9p under QEMU
# (scripts/run-smp.sh); everything the guest needs comes from the kernel
# command line, which passes unknown name=value words to init as
# environment variables:
#   HARNESS_RUN   host folder for this run's results (written through hostfs)
#   HARNESS_RUN_TAG  under QEMU: the 9p export of that folder, to mount there
#   HARNESS_HALT  the sysrq key that ends the guest: o (default), or b where
#                 there is no power-off (QEMU's -no-reboot ends on a reboot)
#   HARNESS_KSFT  installed kselftests (kselftest_install layout)
#   HARNESS_JOB   what to run: "kselftest" or a program to run instead
#   HARNESS_TIMEOUT  seconds the kselftests may take
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# What udev would add: scripts such as the kselftest runner write to
# /dev/stdout, which devtmpfs alone does not have.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
# Not /tmp: the harness, and so the run folder, may live there.
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug
# Under QEMU the root is read-only: the run folder is writable as an export
# of its own, and /tmp is the guest's, unless the run folder is under it.
if [ -n "${HARNESS_RUN_TAG:-}" ]; then
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 \
		"$HARNESS_RUN_TAG" "$HARNESS_RUN" ||
		{ echo "guest: cannot mount the run folder"; echo b > /proc/sysrq-trigger; }
	case "$HARNESS_RUN" in
	/tmp/*) ;;
	*) mount -t tmpfs tmpfs /tmp ;;
	esac
fi

echo "guest: $(uname -r), cmdline: $(cat /proc/cmdline)"
cd "$HARNESS_RUN" || { echo "guest: no run folder"; echo "${HARNESS_HALT:-o}" > /proc/sysrq-trigger; }

case "${HARNESS_JOB:-kselftest}" in
kselftest)
	echo "guest: running kselftests"
	# TAP goes to a file for the harness and to the console for people.
	timeout -k 10 "${HARNESS_TIMEOUT:-900}" \
		"$HARNESS_KSFT/audit/backlog_test" > kselftest.tap 2>&1
	echo "$?" > kselftest.rc
	cat kselftest.tap
	;;
*)
	echo "guest: running $HARNESS_JOB"
	timeout -k 10 "${HARNESS_TIMEOUT:-900}" $HARNESS_JOB > job.out 2>&1
	echo "$?" > job.rc
	cat job.out
	;;
esac

# Look for leaks now that the tests are done.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > kmemleak.txt
	echo "guest: kmemleak scan done, $(grep -c 'unreferenced object' kmemleak.txt) reports"
else
	echo "guest: kmemleak not available" > kmemleak.txt
fi
echo "guest: done"
sync
echo "${HARNESS_HALT:-o}" > /proc/sysrq-trigger
sleep 10
