#!/bin/sh
# Unpack Debian's linux-source tarball into a git tree and tag it "base".
# The tree is made once; later runs only check that it is still the
# same package version.
set -eu
. "$(dirname "$0")/common.sh"

"$TOP/scripts/install-deps.sh"
[ -f "$TARBALL" ] || die "$TARBALL missing after installing linux-source-$BASE"

if [ -d "$SRC/.git" ] && git -C "$SRC" rev-parse -q --verify base >/dev/null; then
	have=$(cat "$BASE_VERSION_FILE" 2>/dev/null || true)
	[ "$have" = "$BASE_PKG_VERSION" ] && exit 0
	say "base tree is $have, want $BASE_PKG_VERSION: unpacking again"
fi

rm -rf "$SRC"
mkdir -p "$SRC"
say "unpacking $TARBALL"
tar -xJf "$TARBALL" -C "$SRC" --strip-components=1
cd "$SRC"
git init -q
git config user.name "$(git -C "$TOP" config user.name)"
git config user.email "$(git -C "$TOP" config user.email)"
git config core.abbrev 12
# The Debian tarball's .gitignore ignores everything at the top level,
# so the base commit needs -f.
git add -A -f .
GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
	git commit -q -m "base: Debian linux-source-$BASE $BASE_PKG_VERSION"
git tag -f base >/dev/null
echo "$BASE_PKG_VERSION" > "$BASE_VERSION_FILE"
sha256sum "$TARBALL" | cut -d' ' -f1 > "$BASE_SHA256_FILE"
say "base tagged in $SRC"
