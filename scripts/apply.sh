#!/bin/sh
# Make the source tree "base + series": branch "series" from tag "base",
# with every patch of each series of bases/BASE applied by `git am`, in the
# order of $SERIES, and tag NAME on the last commit of each series but the
# last.  A patch that does not apply exactly stops the run with its name.
# usage: apply.sh [TREE]     (default: the harness source tree)
set -eu
. "$(dirname "$0")/common.sh"
tree=${1:-$SRC}

for name in $SERIES; do
	[ -f "$BASEDIR/$name/series" ] || die "$BASEDIR/$name/series is missing"
done
git -C "$tree" rev-parse -q --verify base >/dev/null ||
	die "$tree has no 'base' tag: run scripts/fetch-base.sh first"
if ! git -C "$tree" diff --quiet HEAD 2>/dev/null; then
	die "$tree has uncommitted changes; commit them (then make export) or discard them"
fi
git -C "$tree" am --abort >/dev/null 2>&1 || true
# Commits on "series" that the series folders do not hold yet would be lost.
if [ "${FORCE:-0}" != 1 ] && git -C "$tree" rev-parse -q --verify series >/dev/null &&
	[ "$(git -C "$tree" rev-parse series)" != "$(git -C "$tree" rev-parse base)" ]; then
	tmp=$(mktemp -d)
	git -C "$tree" checkout -q series
	same=yes
	"$TOP/scripts/export.sh" "$tree" "$tmp" >/dev/null 2>&1 || same=no
	for name in $SERIES; do
		diff -rq "$BASEDIR/$name" "$tmp/$name" >/dev/null 2>&1 || same=no
	done
	if [ "$same" = no ]; then
		rm -rf "$tmp"
		die "branch series in $tree has changes that bases/$BASE lacks: run 'make export' first, or FORCE=1 to drop them"
	fi
	rm -rf "$tmp"
fi
git -C "$tree" checkout -q -B series base

n=0
for name in $SERIES; do
	while IFS= read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		f=$BASEDIR/$name/$p
		[ -f "$f" ] || die "$name/series names $p, which does not exist"
		# --no-3way and the default whitespace handling: git am applies
		# a patch exactly or not at all, there is no fuzz.  Committer
		# dates are the patches' own, so that the same patches make the
		# same commits, and a kernel built from them need not be built
		# again.
		if ! git -C "$tree" am -q --no-3way --keep-cr \
				--committer-date-is-author-date "$f" >/dev/null 2>&1; then
			git -C "$tree" am --abort >/dev/null 2>&1 || true
			die "patch $name/$p does not apply on $(git -C "$tree" describe --always --tags HEAD)"
		fi
		n=$((n + 1))
	done < "$BASEDIR/$name/series"
	[ "$name" = "${SERIES##* }" ] || git -C "$tree" tag -f "$name" >/dev/null
done
say "applied $n patches ($SERIES) on base $(cat "$BASE_VERSION_FILE" 2>/dev/null || echo '?') in $tree"
