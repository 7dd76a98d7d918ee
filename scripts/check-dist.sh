#!/bin/sh
# Apply the series from the dist tarball to a pristine checkout of the base
# three ways - quilt push -a --fuzz=0, patch -p1 (a --dry-run first, then for
# real), and git am - and fail unless each applies cleanly and gives exactly
# the tree of branch "series".
set -eu
. "$(dirname "$0")/common.sh"
version=$(cat "$TOP/VERSION")
name=audit-backlog-$version-linux-$BASE
tarball=$TOP/dist/$name.tar.gz
work=$BUILD/dist-check-$BASE
[ -f "$tarball" ] || die "$tarball missing: run make dist"
want=$(git -C "$SRC" rev-parse 'series^{tree}')

rm -rf "$work/unpacked"
mkdir -p "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked"
pdir=$work/unpacked/$name/patches
tree=$work/tree
if [ ! -d "$tree" ]; then
	say "checking out base into $tree (once)"
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q --detach "$tree" base
fi

pristine() {
	git -C "$tree" checkout -q -f --detach base
	git -C "$tree" clean -q -f -d -x
}

# Tree object of the worktree's files, whatever applied them.
tree_of() {
	git -C "$tree" add -A -f .
	git -C "$tree" write-tree
}

same() {
	got=$(tree_of)
	[ "$got" = "$want" ] || {
		git -C "$tree" diff --stat "$want" "$got" | tail -5
		die "$1 gives a different tree from branch series"
	}
	say "$1: applies cleanly, same tree as branch series"
}

pristine
(cd "$tree" && QUILT_PATCHES=$pdir QUILT_PC=$work/pc quilt --quiltrc=- \
	push -a -q --fuzz=0) > "$work/quilt.log" 2>&1 ||
	{ cat "$work/quilt.log"; die "quilt push -a --fuzz=0 failed"; }
rm -rf "$work/pc"
same "quilt push -a --fuzz=0"

pristine
while IFS= read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	(cd "$tree" && patch -p1 -s --dry-run --fuzz=0 < "$pdir/$p") ||
		die "patch -p1 --dry-run: $p does not apply cleanly"
	(cd "$tree" && patch -p1 -s --fuzz=0 --no-backup-if-mismatch < "$pdir/$p") ||
		die "patch -p1: $p does not apply"
done < "$pdir/series"
same "patch -p1 --dry-run, then patch -p1"

pristine
# shellcheck disable=SC2046 # one argument per patch file
git -C "$tree" -c user.name=dist-check -c user.email=dist-check@localhost \
	am -q --no-3way $(sed "s|^|$pdir/|" "$pdir/series") ||
	{ git -C "$tree" am --abort; die "git am failed"; }
same "git am"
pristine
