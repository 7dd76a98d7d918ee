#!/bin/sh
# Build the two x86_64 benchmark kernels from the one source tree: the
# unpatched one from tag "base" and the patched one from branch "series",
# each from `make allnoconfig` plus config/bench-x86.config, with ccache,
# in build folders of their own.  Keeps $OUT/bench/bzImage-{base,patched}
# and the tool that packs the initramfs, $OUT/bench/gen_init_cpio.
set -eu
. "$(dirname "$0")/common.sh"
keep_checkout
mkdir -p "$OUT/bench"
export CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=true CCACHE_SLOPPINESS=time_macros
ccache -M 8G >/dev/null
export KBUILD_BUILD_TIMESTAMP='Sat Jan  1 00:00:00 UTC 2000'
export KBUILD_BUILD_USER=audit-series KBUILD_BUILD_HOST=harness
# The "#N" of the version string counts builds: keep it, and so the kernel
# image, the same from one build to the next.
export KBUILD_BUILD_VERSION=1

# The kernel's own initramfs packer, a host program on its own.
gcc -O2 -o "$OUT/bench/gen_init_cpio" "$SRC/usr/gen_init_cpio.c"

for kernel in base patched; do
	rev=base
	# shellcheck disable=SC2154 # $back: set by keep_checkout
	[ "$kernel" = base ] || rev=$back
	obj=$OUT/x86-$kernel
	commit=$(git -C "$SRC" rev-parse "$rev")
	if [ "$(cat "$OUT/bench/bzImage-$kernel.commit" 2>/dev/null)" = "$commit" ] &&
	   [ -f "$OUT/bench/bzImage-$kernel" ]; then
		say "bench kernel '$kernel' is up to date"
		continue
	fi
	git -C "$SRC" checkout -q "$rev"
	mkdir -p "$obj"
	mk() { make -s -C "$SRC" ARCH=x86_64 O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }
	KCONFIG_ALLCONFIG="$TOP/config/bench-x86.config" mk allnoconfig > "$obj/kconfig.log" 2>&1 ||
		{ cat "$obj/kconfig.log"; die "make allnoconfig failed"; }
	"$TOP/scripts/check-config.sh" "$TOP/config/bench-x86.config" "$obj/.config"
	say "building x86_64 bench kernel '$kernel' ($(git -C "$SRC" describe --always --tags))"
	start=$(date +%s)
	mk -j"$(nproc)" bzImage
	cp "$obj/arch/x86/boot/bzImage" "$OUT/bench/bzImage-$kernel"
	echo "$commit" > "$OUT/bench/bzImage-$kernel.commit"
	say "built $OUT/bench/bzImage-$kernel in $(( $(date +%s) - start ))s"
done
