#!/bin/sh
# Build the unpatched kernel, linux-base, from a worktree of its own at tag
# "base" ($BUILD/base-BASE), never from the tree under work.
set -eu
. "$(dirname "$0")/common.sh"
base=$(git -C "$SRC" rev-parse base)
if [ "$(cat "$OUT/linux-base.commit" 2>/dev/null)" = "$base" ] && [ -x "$OUT/linux-base" ]; then
	say "unpatched kernel is up to date: $OUT/linux-base"
	exit 0
fi
wt=$("$TOP/scripts/worktree.sh" base base)
"$TOP/scripts/build-uml.sh" base "$wt"
