#!/bin/sh
# Fail unless exporting the freshly applied series reproduces the series
# folders of bases/BASE byte for byte: what is committed is exactly what
# gets tested.
set -eu
. "$(dirname "$0")/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$tmp.diff"' EXIT
"$TOP/scripts/export.sh" "$SRC" "$tmp" >/dev/null
for name in $SERIES; do
	if ! diff -ru "$BASEDIR/$name" "$tmp/$name" > "$tmp.diff"; then
		cat "$tmp.diff"
		die "a fresh apply and export does not reproduce bases/$BASE/$name (diff above)"
	fi
done
say "export round trip: bases/$BASE/{$(echo "$SERIES" | tr ' ' ,)} reproduced byte for byte"
