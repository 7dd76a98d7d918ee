#!/bin/sh
# Print how a timed job starts, for scripts/timing.py: "cold" when no test
# kernel was built in the tree yet and ccache holds nothing (CI's first run
# on a new machine), "warm" when the test kernel was built in the tree
# already, and "mixed" otherwise (a new tree, but a ccache that earlier
# builds filled), which times neither and is not noted.
# usage: start-state.sh BASE
set -eu
. "$(dirname "$0")/common.sh"
if [ -f "$SRC/.uml/vmlinux" ]; then
	echo warm
elif ! command -v ccache >/dev/null ||
	[ "$(ccache --print-stats | sed -n 's/^files_in_cache\t//p')" = 0 ]; then
	echo cold
else
	echo mixed
fi
