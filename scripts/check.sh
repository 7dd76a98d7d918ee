#!/bin/sh
# Everything, for one base: the static checks of the series, then the build
# and every test (scripts/test.sh).  Each static check is one case; a check
# that fails does not stop the others, and the last line always counts every
# case: "N passed, N failed, N skipped".  Exits non-zero on any failure.
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
if [ -x "$OUT/linux-patched" ] && [ -x "$OUT/kselftest/audit/backlog_test" ]; then
	"$TOP/scripts/test.sh" patched | tee "$OUT/test.log"
	last=$(tail -n 1 "$OUT/test.log")
else
	last="0 passed, 1 failed, 0 skipped"
	echo "  FAIL  check     no kernel or kselftests to test"
fi
/usr/bin/python3 "$TOP/scripts/timing.py" "$BASE" check \
	"$(( $(date +%s) - started ))" "$start"
# shellcheck disable=SC2046 # the three counts, as words
set -- $(echo "$last" | tr -dc '0-9 ')
echo "$((passed + ${1:-0})) passed, $((failed + ${2:-1})) failed, ${3:-0} skipped"
[ "$failed" -eq 0 ] && [ "${2:-1}" -eq 0 ]
