#!/bin/sh
# Pack the series for distribution: dist/audit-backlog-VERSION-linux-BASE.tar.gz
# with patches/ (format-patch files, the cover letter, the quilt series
# file) and a README (packaging/README.dist) that says how to apply it.
set -eu
. "$(dirname "$0")/common.sh"
version=$(cat "$TOP/VERSION")
name=audit-backlog-$version-linux-$BASE
dist=$TOP/dist
stage=$BUILD/dist/$name
[ -f "$PATCHES/series" ] || die "$PATCHES/series is missing"
[ -f "$BASE_VERSION_FILE" ] || die "no base tree yet: run make base"

rm -rf "$stage"
mkdir -p "$stage/patches" "$dist"
cp "$PATCHES"/*.patch "$PATCHES/series" "$stage/patches/"
sed -e "s|@VERSION@|$version|g" -e "s|@BASE@|$BASE|g" \
	-e "s|@BASE_PKG_VERSION@|$(cat "$BASE_VERSION_FILE")|g" \
	-e "s|@BASE_SHA256@|$(cat "$BASE_SHA256_FILE")|g" \
	"$TOP/packaging/README.dist" > "$stage/README"
# Reproducible: fixed owner, order and times.
tar --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime='2000-01-01 00:00:00Z' -C "$BUILD/dist" -cf - "$name" |
	gzip -9n > "$dist/$name.tar.gz"
say "wrote dist/$name.tar.gz ($(tar -tzf "$dist/$name.tar.gz" | grep -c '\.patch$') patch files)"
