#!/bin/sh
# Make the source tree "base + series": branch "series" from tag "base",
# with every patch in patches/series applied by `git am`.  A patch that does
# not apply exactly stops the run with its name.
# usage: apply.sh [TREE]     (default: the harness source tree)
set -eu
. "$(dirname "$0")/common.sh"
tree=${1:-$SRC}

[ -f "$PATCHES/series" ] || die "$PATCHES/series is missing"
git -C "$tree" rev-parse -q --verify base >/dev/null ||
	die "$tree has no 'base' tag: run scripts/fetch-base.sh first"
if ! git -C "$tree" diff --quiet HEAD 2>/dev/null; then
	die "$tree has uncommitted changes; commit them (then make export) or discard them"
fi
git -C "$tree" am --abort >/dev/null 2>&1 || true
# Commits on "series" that patches/ does not hold yet would be lost.
if [ "${FORCE:-0}" != 1 ] && git -C "$tree" rev-parse -q --verify series >/dev/null &&
	[ "$(git -C "$tree" rev-parse series)" != "$(git -C "$tree" rev-parse base)" ]; then
	tmp=$(mktemp -d)
	git -C "$tree" checkout -q series
	"$TOP/scripts/export.sh" "$tree" "$tmp" >/dev/null
	if ! diff -rq "$PATCHES" "$tmp" >/dev/null; then
		rm -rf "$tmp"
		die "branch series in $tree has changes that patches/ lacks: run 'make export' first, or FORCE=1 to drop them"
	fi
	rm -rf "$tmp"
fi
git -C "$tree" checkout -q -B series base

n=0
while IFS= read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	[ -f "$PATCHES/$p" ] || die "patches/series names $p, which does not exist"
	# --no-3way and the default whitespace handling: git am applies a
	# patch exactly or not at all, there is no fuzz.  Committer dates are
	# the patches' own, so that the same patches make the same commits,
	# and a kernel built from them need not be built again.
	if ! git -C "$tree" am -q --no-3way --keep-cr --committer-date-is-author-date \
			"$PATCHES/$p" >/dev/null 2>&1; then
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		die "patch $p does not apply on $(git -C "$tree" describe --always --tags HEAD)"
	fi
	n=$((n + 1))
done < "$PATCHES/series"
say "applied $n patches on base $(cat "$BASE_VERSION_FILE" 2>/dev/null || echo '?') in $tree"
