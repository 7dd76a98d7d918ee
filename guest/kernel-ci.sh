#!/bin/sh
# Guest job: run the audit kselftests the two ways kernel CI does, on the
# tree and install that scripts/build-selftests.sh made:
#   1. run_kselftest.sh, from kselftest.tar.gz (gen_tar) unpacked in the
#      guest, as a CI lab ships the tests to its test machine;
#   2. make -C tools/testing/selftests TARGETS=audit run_tests, in the tree
#      (already built, so make only runs them).
# Each writes its TAP output and exit status to the run folder:
#   run_kselftest.tap/.rc, run_tests.tap/.rc
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
run=$(pwd)
out=$(cd "$run/../.." && pwd)
src=$(dirname "$out")/src-${out##*/out-}
tarball=$out/kselftest/kselftest-packages/kselftest.tar.gz

echo "kernel-ci: run_kselftest.sh from $tarball"
mkdir -p /run/kselftest_install
tar -xzf "$tarball" -C /run/kselftest_install
# The runner writes each test's output through /dev/stdout reopened for
# appending: collect the output on tmpfs, in append mode too, and copy it
# to the run folder.
: > /run/run_kselftest.tap
(cd /run/kselftest_install && ./run_kselftest.sh) >> /run/run_kselftest.tap 2>&1
echo "$?" > run_kselftest.rc
cp /run/run_kselftest.tap run_kselftest.tap
cat run_kselftest.tap

echo "kernel-ci: make run_tests in $src"
: > /run/run_tests.tap
make -C "$src/tools/testing/selftests" TARGETS=audit O="$out/kselftest-obj" \
	run_tests >> /run/run_tests.tap 2>&1
echo "$?" > run_tests.rc
cp /run/run_tests.tap run_tests.tap
cat run_tests.tap
