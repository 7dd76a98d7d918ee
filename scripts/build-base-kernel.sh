#!/bin/sh
# Build the unpatched kernel from the same tree and build folder: check out
# "base", build, keep the binary as linux-base, and go back.  Only files
# the series touches are rebuilt, on the way there and back.
set -eu
. "$(dirname "$0")/common.sh"
git -C "$SRC" diff --quiet HEAD ||
	die "$SRC has uncommitted changes; commit or discard them first"
back=$(git -C "$SRC" symbolic-ref -q --short HEAD || git -C "$SRC" rev-parse HEAD)
base=$(git -C "$SRC" rev-parse base)
if [ "$(cat "$OUT/linux-base.commit" 2>/dev/null)" = "$base" ] && [ -x "$OUT/linux-base" ]; then
	say "unpatched kernel is up to date: $OUT/linux-base"
	exit 0
fi
git -C "$SRC" checkout -q base
trap 'git -C "$SRC" checkout -q "$back"' EXIT
"$TOP/scripts/build-uml.sh" base
