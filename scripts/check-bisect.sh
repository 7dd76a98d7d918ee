#!/bin/sh
# Build and test every point of the series, patch by patch, as a bisect
# would meet it: each must build and pass the tests that exist at that
# point (known-failures is read from the tree at that point).
set -eu
. "$(dirname "$0")/common.sh"
keep_checkout
commits=$(git -C "$SRC" rev-list --reverse base..HEAD)
n=$(echo "$commits" | wc -l)
bad=0
i=0
for commit in $commits; do
	i=$((i + 1))
	git -C "$SRC" checkout -q "$commit"
	say "patch $i/$n: $(git -C "$SRC" log -1 --format=%s)"
	"$TOP/scripts/build-uml.sh" bisect
	"$TOP/scripts/build-selftests.sh" >/dev/null
	runs=
	for mode in audit1 default; do
		RUN_TAG=bisect-$i "$TOP/scripts/run-guest.sh" bisect "$mode"
		runs="$runs $OUT/runs/bisect-$mode-bisect-$i"
	done
	report=$OUT/runs/bisect-$i.report
	# shellcheck disable=SC2086
	if /usr/bin/python3 "$TOP/scripts/report.py" "$SRC" $runs > "$report"; then
		tail -n 1 "$report"
	else
		grep -E "FAIL|passed" "$report"
		echo "patch $i FAILED, see $report"
		bad=1
	fi
done
[ "$bad" -eq 0 ] || die "some points of the series fail their tests"
say "every point of the series builds and passes"
