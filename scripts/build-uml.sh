#!/bin/sh
# Build the ARCH=um test kernel from whatever is checked out in the source
# tree, and keep a copy of the binary as $OUT/linux-NAME.
# usage: build-uml.sh NAME
set -eu
. "$(dirname "$0")/common.sh"
name=${1:?usage: build-uml.sh NAME}
obj=$OUT/uml
mkdir -p "$obj"

# ccache: the cache lives in the default per-user folder, so it survives
# clean clones.  BASEDIR makes hits independent of where the clone is.
export CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=true CCACHE_SLOPPINESS=time_macros
ccache -M 8G >/dev/null
export KBUILD_BUILD_TIMESTAMP='Sat Jan  1 00:00:00 UTC 2000'
export KBUILD_BUILD_USER=audit-series KBUILD_BUILD_HOST=harness
mk() { make -s -C "$SRC" ARCH=um O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

# The options of the test kernel, those it has on this base only, and the
# series' own once the tree has them: the base, or a tree at an earlier
# patch (bisect), does not.
frags=$TOP/config/uml.config
[ ! -f "$TOP/config/uml-$BASE.config" ] || frags="$frags $TOP/config/uml-$BASE.config"
if grep -q '^config AUDIT_KUNIT_TEST$' "$SRC/init/Kconfig"; then
	frags="$frags $TOP/config/series.config"
fi

# Lay the fragments over the current .config and let Kconfig settle it: only
# the options that changed touch the build, so that a one-file edit stays a
# one-file rebuild, and switching between base and series rebuilds only
# what differs.
touch "$obj/.config"
# shellcheck disable=SC2086
cat "$obj/.config" $frags > "$obj/.config.new"
mv "$obj/.config.new" "$obj/.config"
mk olddefconfig > "$obj/kconfig.log" 2>&1 ||
	{ cat "$obj/kconfig.log"; die "make olddefconfig failed"; }
for f in $frags; do
	"$TOP/scripts/check-config.sh" "$f" "$obj/.config"
done

# Fixes of the test bed itself for this base (bed/BASE/*.patch): applied to
# the working tree for the build only, and taken out again whatever happens,
# so that no commit and no exported patch ever contains them.
bed=
for p in "$TOP"/bed/"$BASE"/*.patch; do
	[ -f "$p" ] || continue
	git -C "$SRC" apply "$p" || die "test bed fix $p does not apply"
	bed="$bed $p"
done
unbed() {
	for p in $bed; do git -C "$SRC" apply -R "$p"; done
}
trap unbed EXIT

say "building ARCH=um kernel '$name' ($(git -C "$SRC" describe --always --tags))"
start=$(date +%s)
mk -j"$(nproc)" linux
cp "$obj/linux" "$OUT/linux-$name"
git -C "$SRC" rev-parse HEAD > "$OUT/linux-$name.commit"
say "built $OUT/linux-$name in $(( $(date +%s) - start ))s"
