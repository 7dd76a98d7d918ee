#!/bin/sh
# Build the ARCH=um test kernel from whatever is checked out in a source
# tree, and keep a copy of the binary as $OUT/linux-NAME.
# usage: build-uml.sh NAME [TREE]     (TREE: default $SRC)
# Each tree builds in a folder of its own, TREE/.uml: a direct subfolder, so
# that Kbuild refers to the source as "..", and the compiler command lines,
# and so ccache's hits, are the same in every tree.
set -eu
. "$(dirname "$0")/common.sh"
name=${1:?usage: build-uml.sh NAME [TREE]}
# absolute: make -C takes O= relative to the tree
tree=$(realpath "${2:-$SRC}")
obj=$tree/.uml
mkdir -p "$obj"

# ccache: the cache lives in the default per-user folder, so it survives
# clean clones.  BASEDIR makes hits independent of where the clone is.
export CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=true CCACHE_SLOPPINESS=time_macros
ccache -M 8G >/dev/null
export KBUILD_BUILD_TIMESTAMP='Sat Jan  1 00:00:00 UTC 2000'
export KBUILD_BUILD_USER=audit-series KBUILD_BUILD_HOST=harness
mk() { make -s -C "$tree" ARCH=um O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

# The options of the test kernel, those it has on this base only, and the
# series' own once the tree has them: the base, or a tree at an earlier
# patch (bisect), does not.
frags=$TOP/config/uml.config
[ ! -f "$BASEDIR/uml.config" ] || frags="$frags $BASEDIR/uml.config"
if grep -q '^config AUDIT_KUNIT_TEST$' "$tree/init/Kconfig"; then
	frags="$frags $TOP/config/series.config"
fi

# Lay the fragments over the current .config and let Kconfig settle it: only
# the options that changed touch the build, so that a one-file edit stays a
# one-file rebuild.
touch "$obj/.config"
# shellcheck disable=SC2086
cat "$obj/.config" $frags > "$obj/.config.new"
mv "$obj/.config.new" "$obj/.config"
mk olddefconfig > "$obj/kconfig.log" 2>&1 ||
	{ cat "$obj/kconfig.log"; die "make olddefconfig failed"; }
for f in $frags; do
	"$TOP/scripts/check-config.sh" "$f" "$obj/.config"
done

# Fixes of the test bed itself for this base (bases/BASE/bed/*.patch):
# applied to the working tree for the build only, and taken out again
# whatever happens, so that no commit and no exported patch contains them.
bed=
for p in "$BASEDIR"/bed/*.patch; do
	[ -f "$p" ] || continue
	git -C "$tree" apply "$p" || die "test bed fix $p does not apply"
	bed="$bed $p"
done
unbed() {
	for p in $bed; do git -C "$tree" apply -R "$p"; done
}
trap unbed EXIT

say "building ARCH=um kernel '$name' ($(git -C "$tree" describe --always --tags))"
start=$(date +%s)
mk -j"$(nproc)" linux
mkdir -p "$OUT"
cp "$obj/linux" "$OUT/linux-$name"
git -C "$tree" rev-parse HEAD > "$OUT/linux-$name.commit"
say "built $OUT/linux-$name in $(( $(date +%s) - start ))s"
