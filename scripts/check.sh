#!/bin/sh
# Everything, for one base: the static checks of the series, then the build
# and every test on UML (scripts/test.sh), then the same jobs on the x86_64
# SMP kernel under QEMU (scripts/test-smp.sh), once per sanitizer of SMP_SANS.  Each static check
# is one case; a check that fails does not stop the others, and the last
# line always counts every case: "N passed, N failed, N skipped".  Exits
# non-zero on any failure.
# SMP_SANS: the SMP kernels to test, by default the base's SMP_SANS_DEFAULT
# (bases/BASE/base.conf: kasan on 6.12, none on 6.1, where the SMP bed has
# not been run yet); SMP_SANS= for UML alone; make check-full: "kasan
# kcsan".  CHECK_BASE_SMP=kcsan also
# boots the unpatched kernel with KCSAN and reports what it finds there,
# without judging it (make check-full).
set -u
. "$(dirname "$0")/common.sh"
log=$OUT/check.log
mkdir -p "$OUT"
: > "$log"
passed=0 failed=0
started=$(date +%s)
# cold, warm or mixed, for the README's timings: scripts/start-state.sh
start=$("$TOP/scripts/start-state.sh")
step() {	# step NAME COMMAND...: one case
	what=$1
	shift
	say "$what"
	if "$@" >> "$log" 2>&1; then
		passed=$((passed + 1))
		echo "  PASS  check     $what"
	else
		failed=$((failed + 1))
		echo "  FAIL  check     $what (see $log)"
		tail -n 15 "$log" | sed 's/^/        /'
	fi
}
step "the harness's parsers pass their tests" \
	/usr/bin/python3 "$TOP/scripts/test_parsers.py"
step "checkpatch --strict on every patch" "$TOP/scripts/checkpatch.sh"
step "a fresh apply and export reproduces bases/$BASE" "$TOP/scripts/check-export.sh"
step "documentation: valid reST, indexed, kernel-doc clean" "$TOP/scripts/check-docs.sh"
step "make dist, applied with quilt, patch and git am" sh -c \
	"'$TOP/scripts/dist.sh' && '$TOP/scripts/check-dist.sh'"
step "make kselftest-merge keeps the audit kselftests' config" \
	"$TOP/scripts/check-kci-config.sh"
step "the ported 6.1 series is what port-6.1.sh makes" "$TOP/scripts/check-port.sh"
step "the figures are what the results make" \
	/usr/bin/python3 "$TOP/scripts/figures.py" --check
step "the test kernel builds" "$TOP/scripts/build-uml.sh" patched
step "the kselftests build" "$TOP/scripts/build-selftests.sh"
skipped=0
tally() {	# tally LOG: add the "N passed, N failed, N skipped" of its last line
	counted=$1
	# shellcheck disable=SC2046 # the three counts, as words
	set -- $(tail -n 1 "$counted" | grep -E '^[0-9]+ passed, [0-9]+ failed' |
		tr -dc '0-9 ')
	if [ $# -eq 3 ]; then
		passed=$((passed + $1)) failed=$((failed + $2))
		skipped=$((skipped + $3))
	else
		failed=$((failed + 1))
		echo "  FAIL  check     $counted ends with no count"
	fi
}
if [ -x "$OUT/linux-patched" ] && [ -x "$OUT/kselftest/audit/backlog_test" ]; then
	"$TOP/scripts/test.sh" patched | tee "$OUT/test.log"
	tally "$OUT/test.log"
else
	failed=$((failed + 1))
	echo "  FAIL  check     no kernel or kselftests to test"
fi
for san in $SMP_SANS_RUN; do
	say "the SMP bed: x86_64, 4 vCPUs, $san"
	"$TOP/scripts/test-smp.sh" patched "$san" 2>&1 | tee "$OUT/test-smp-$san.log"
	tally "$OUT/test-smp-$san.log"
done
if [ -n "${CHECK_BASE_SMP:-}" ]; then
	# what the sanitizer finds on the unpatched kernel: reported, not judged
	"$TOP/scripts/test-smp.sh" base "$CHECK_BASE_SMP" > "$OUT/test-smp-base.log" 2>&1 ||
		echo "  note  check     the unpatched SMP run failed to finish (see $OUT/test-smp-base.log)"
	grep -E '^(== |  FAIL  checker|[0-9]+ passed)' "$OUT/test-smp-base.log" || true
fi
/usr/bin/python3 "$TOP/scripts/timing.py" "$BASE" "${CHECK_JOB:-$(check_job check)}" \
	"$(( $(date +%s) - started ))" "$start"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
