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

# Regenerate .config only when the fragment or the tree's Kconfig changed,
# so that a one-file edit stays a one-file rebuild.
stamp=$(cat "$TOP/config/uml.config" | sha256sum | cut -c1-16)
if [ "$(cat "$obj/.fragment" 2>/dev/null)" != "$stamp" ] || [ ! -f "$obj/.config" ]; then
	cp "$TOP/config/uml.config" "$obj/.config"
	mk olddefconfig
	echo "$stamp" > "$obj/.fragment"
fi
mk olddefconfig
"$TOP/scripts/check-config.sh" "$TOP/config/uml.config" "$obj/.config"

say "building ARCH=um kernel '$name' ($(git -C "$SRC" describe --always --tags))"
start=$(date +%s)
mk -j"$(nproc)" linux
cp "$obj/linux" "$OUT/linux-$name"
git -C "$SRC" rev-parse HEAD > "$OUT/linux-$name.commit"
say "built $OUT/linux-$name in $(( $(date +%s) - start ))s"
