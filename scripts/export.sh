#!/bin/sh
# Regenerate patches/ from the commits base..series in the source tree.
# The output depends only on the commits: zero commit ids in the From lines,
# no signature, fixed abbreviations.  The cover letter's subject and text
# come from $COVER (cover-letter.txt, or cover-letter-6.1.txt for BASE=6.1).
# usage: export.sh [TREE] [DEST]
set -eu
. "$(dirname "$0")/common.sh"
tree=${1:-$SRC}
dest=${2:-$PATCHES}
cover=$COVER

[ -f "$cover" ] || die "$cover is missing"
count=$(git -C "$tree" rev-list --count base..HEAD)
[ "$count" -gt 0 ] || die "no commits on top of base in $tree"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# format-patch takes the cover letter from the branch description.
branch=$(git -C "$tree" symbolic-ref --short HEAD)
git -C "$tree" config "branch.$branch.description" "$(cat "$cover")"
git -C "$tree" -c core.abbrev=12 -c diff.noprefix=false -c format.signOff=false \
	format-patch -q --zero-commit --no-signature --no-numbered-files \
	--cover-letter --cover-from-description=subject \
	--subject-prefix="$SUBJECT_PREFIX" \
	--no-renames -o "$tmp" base..HEAD
# The cover letter's date is "now"; pin it to the newest patch's date.
date=$(sed -n 's/^Date: //p' "$tmp"/0*.patch | grep -v '^$' | tail -n 1)
sed -i "s/^Date: .*/Date: $date/" "$tmp/0000-cover-letter.patch"
for p in "$tmp"/0*.patch; do
	p=${p##*/}
	[ "$p" = 0000-cover-letter.patch ] || echo "$p"
done > "$tmp/series"

mkdir -p "$dest"
rm -f "$dest"/*.patch "$dest/series"
cp "$tmp"/*.patch "$tmp/series" "$dest/"
say "exported $count patches and a cover letter to $dest"
