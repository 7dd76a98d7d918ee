#!/bin/sh
# PID 1 of the UML test guest.  The root file system is the host's, through
# hostfs; everything the guest needs comes from the kernel command line,
# which passes unknown name=value words to init as environment variables:
#   HARNESS_RUN   host folder for this run's results (written through hostfs)
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

echo "guest: $(uname -r), cmdline: $(cat /proc/cmdline)"
cd "$HARNESS_RUN" || { echo "guest: no run folder"; echo o > /proc/sysrq-trigger; }

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
echo o > /proc/sysrq-trigger
sleep 10
