#!/bin/sh
# Regenerate the series folders of bases/BASE from the source tree's commits:
# series NAME is the range series_range gives (tag "base", then tag "backlog"
# at the end of the backlog series, then HEAD).  The output depends only on
# the commits: zero commit ids in the From lines, no signature, fixed
# abbreviations.  Each cover letter's subject and text come from
# bases/BASE/NAME.cover, whose figures scripts/figures.py fills in.
# usage: export.sh [TREE] [DEST]     (DEST: a folder to fill like bases/BASE)
set -eu
. "$(dirname "$0")/common.sh"
tree=${1:-$SRC}
dest=${2:-$BASEDIR}

# an older export kept the cover letter in the branch description
git -C "$tree" config --unset-all "branch.$(git -C "$tree" symbolic-ref --short HEAD).description" || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in $SERIES; do
	cover=$BASEDIR/$name.cover
	[ -f "$cover" ] || die "$cover is missing"
	range=$(series_range "$tree" "$name")
	count=$(git -C "$tree" rev-list --count "$range")
	[ "$count" -gt 0 ] || die "no commits in $range ($name) in $tree"
	out=$tmp/$name
	mkdir -p "$out"
	git -C "$tree" -c core.abbrev=12 -c diff.noprefix=false -c format.signOff=false \
		format-patch -q --zero-commit --no-signature --no-numbered-files \
		--cover-letter --subject-prefix="$SUBJECT_PREFIX" \
		--no-renames -o "$out" "$range"
	# the cover letter's subject and text, without the marker lines of
	# scripts/figures.py's blocks
	/usr/bin/python3 - "$cover" "$out/0000-cover-letter.patch" <<'PY'
import sys
cover, patch = sys.argv[1], sys.argv[2]
lines = [l for l in open(cover).read().split("\n")
         if not (l.startswith("<!-- fig:") or l == "<!-- /fig -->")]
subject, blurb = lines[0], "\n".join(lines[1:]).strip("\n")
text = open(patch).read()
for old, new in (("*** SUBJECT HERE ***", subject), ("*** BLURB HERE ***", blurb)):
    if text.count(old) != 1:
        sys.exit(f"{patch}: no single '{old}' to replace")
    text = text.replace(old, new)
open(patch, "w").write(text)
PY
	# The cover letter's date is "now"; pin it to the newest patch's date.
	date=$(sed -n 's/^Date: //p' "$out"/0*.patch | grep -v '^$' | tail -n 1)
	sed -i "s/^Date: .*/Date: $date/" "$out/0000-cover-letter.patch"
	for p in "$out"/0*.patch; do
		p=${p##*/}
		[ "$p" = 0000-cover-letter.patch ] || echo "$p"
	done > "$out/series"
	mkdir -p "$dest/$name"
	rm -f "$dest/$name"/*.patch "$dest/$name/series"
	cp "$out"/*.patch "$out/series" "$dest/$name/"
	say "exported $count patches and a cover letter to $dest/$name"
done
