#!/bin/sh
# Build and test every point of the series (both of them, base..HEAD), as
# a bisect would meet it: each must build and pass the tests that exist at
# that point, with the failures bases/BASE/expect names for it.  The points
# are checked out in a worktree of their own ($BUILD/bisect-BASE), with
# their own kselftests, so the tree under work is never touched.
# BISECT_FROM=N starts at point N, to go on after an interrupted run.
set -eu
. "$(dirname "$0")/common.sh"
commits=$(git -C "$SRC" rev-list --reverse base..HEAD)
n=$(echo "$commits" | wc -l)
ksft=$OUT/kselftest-bisect
bad=0
i=0
for commit in $commits; do
	i=$((i + 1))
	if [ "$i" -lt "${BISECT_FROM:-1}" ]; then
		say "patch $i/$n: left out (BISECT_FROM=$BISECT_FROM)"
		continue
	fi
	wt=$("$TOP/scripts/worktree.sh" bisect "$commit")
	say "patch $i/$n: $(git -C "$wt" log -1 --format=%s)"
	"$TOP/scripts/build-uml.sh" bisect "$wt"
	"$TOP/scripts/build-selftests.sh" "$wt" "$ksft" >/dev/null
	# the two boot modes side by side: a UML guest runs on one CPU
	runs=
	for mode in audit1 default; do
		KSFT=$ksft RUN_TAG=bisect-$i "$TOP/scripts/run-guest.sh" bisect "$mode" &
		runs="$runs $OUT/runs/bisect-$mode-bisect-$i"
	done
	wait
	report=$OUT/runs/bisect-$i.report
	# shellcheck disable=SC2086
	if /usr/bin/python3 "$TOP/scripts/report.py" --expect "$BASEDIR/expect" \
			"$SRC" $runs > "$report"; then
		tail -n 1 "$report"
	else
		grep -E "FAIL|passed" "$report"
		echo "patch $i FAILED, see $report"
		bad=1
	fi
done
[ "$bad" -eq 0 ] || die "some points of the series fail their tests"
say "every point of the series from ${BISECT_FROM:-1} builds and passes"
