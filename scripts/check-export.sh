#!/bin/sh
# Fail unless exporting the freshly applied series reproduces patches/
# byte for byte: what is committed is exactly what gets tested.
set -eu
. "$(dirname "$0")/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$TOP/scripts/export.sh" "$SRC" "$tmp" >/dev/null
if ! diff -ru "$PATCHES" "$tmp" > "$tmp.diff"; then
	cat "$tmp.diff"
	rm -f "$tmp.diff"
	die "a fresh apply and export does not reproduce patches/ (diff above)"
fi
rm -f "$tmp.diff"
say "export round trip: patches/ reproduced byte for byte"
