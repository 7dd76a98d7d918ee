#!/bin/sh
# Pack the series for distribution: dist/audit-backlog-VERSION-linux-BASE.tar.gz
# with patches/NAME/ for each series of bases/BASE (format-patch files and
# the cover letter), one quilt series file for all of them, in order, and
# a README (packaging/README.dist) that says how to apply them.  Only
# committed files go in: no kernel tree is needed, but the base version and
# sha256 that fetch-base.sh recorded, when there are.
set -eu
. "$(dirname "$0")/common.sh"
version=$(cat "$TOP/VERSION")
name=audit-backlog-$version-linux-$BASE
dist=$TOP/dist
stage=$BUILD/dist/$name
sha=$(cat "$BASE_SHA256_FILE" 2>/dev/null || echo "not recorded: run make base")

rm -rf "$stage"
mkdir -p "$stage/patches" "$dist"
: > "$stage/patches/series"
for s in $SERIES; do
	[ -f "$BASEDIR/$s/series" ] || die "$BASEDIR/$s/series is missing"
	mkdir -p "$stage/patches/$s"
	cp "$BASEDIR/$s"/*.patch "$stage/patches/$s/"
	sed "s|^|$s/|" "$BASEDIR/$s/series" >> "$stage/patches/series"
done
sed -e "s|@VERSION@|$version|g" -e "s|@BASE@|$BASE|g" \
	-e "s|@BASE_PKG_VERSION@|$BASE_PKG_VERSION|g" \
	-e "s|@BASE_SHA256@|$sha|g" \
	"$TOP/packaging/README.dist" > "$stage/README"
# Reproducible: fixed owner, order and times.
tar --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime='2000-01-01 00:00:00Z' -C "$BUILD/dist" -cf - "$name" |
	gzip -9n > "$dist/$name.tar.gz"
say "wrote dist/$name.tar.gz ($(tar -tzf "$dist/$name.tar.gz" | grep -c '/0[0-9]*-.*\.patch$') patch files)"
