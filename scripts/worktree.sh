#!/bin/sh
# Print the path of worktree NAME of the source tree, $BUILD/NAME-BASE,
# checked out (detached) at REV; make it the first time.  Base and bisect
# kernels are built in worktrees of their own, so that no script ever
# switches the checkout of the tree under work, and each keeps its build.
# usage: worktree.sh NAME REV
set -eu
. "$(dirname "$0")/common.sh"
name=${1:?usage: worktree.sh NAME REV}
rev=${2:?usage: worktree.sh NAME REV}
wt=$BUILD/$name-$BASE
if [ ! -e "$wt/.git" ]; then
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q --detach "$wt" "$rev" >&2
fi
git -C "$wt" checkout -q -f --detach "$rev"
echo "$wt"
