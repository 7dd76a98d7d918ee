#!/bin/sh
# The 6.1 series is derived: scripts/port-6.1.sh makes bases/6.1 from
# bases/6.12.  Check that what is committed is what it makes, in a scratch
# clone of the 6.1 tree's repository (sharing its objects), so that no tree
# under work, nor its branches and tags, is touched.
# On other bases there is nothing to check.
set -eu
. "$(dirname "$0")/common.sh"
[ "$BASE" = 6.1 ] || { say "bases/$BASE is not derived: nothing to check"; exit 0; }
[ -d "$SRC/.git" ] || die "no 6.1 tree: BASE=6.1 make base"
tmp=$BUILD/port-check
rm -rf "$tmp"
mkdir -p "$tmp/bases"
cp -r "$TOP/bases/6.12" "$TOP/bases/6.1" "$tmp/bases/"
git clone -q --shared --no-checkout "$SRC" "$tmp/tree"
git -C "$tmp/tree" checkout -q --detach base
git -C "$tmp/tree" config user.name "$(git -C "$SRC" config user.name)"
git -C "$tmp/tree" config user.email "$(git -C "$SRC" config user.email)"
git -C "$tmp/tree" config core.abbrev 12
mkdir -p "$tmp/top"
ln -s "$TOP/scripts" "$tmp/top/scripts"
ln -s "$tmp/bases" "$tmp/top/bases"
ln -s "$TOP/results" "$tmp/top/results"
ln -s "$TOP/bench" "$tmp/top/bench"
# port-6.1.sh works on $SRC and exports to bases/6.1 of its own top folder
SRC=$tmp/tree sh "$tmp/top/scripts/port-6.1.sh" > "$tmp/port.log" 2>&1 ||
	{ cat "$tmp/port.log"; die "port-6.1.sh failed"; }
rm -rf "$tmp/tree"
for name in $SERIES; do
	diff -ru "$TOP/bases/6.1/$name" "$tmp/bases/6.1/$name" ||
		die "bases/6.1/$name is not what port-6.1.sh makes from bases/6.12"
	diff -u "$TOP/bases/6.1/$name.cover" "$tmp/bases/6.1/$name.cover" ||
		die "bases/6.1/$name.cover is not what port-6.1.sh makes from bases/6.12"
done
say "bases/6.1 is what port-6.1.sh makes from bases/6.12"
