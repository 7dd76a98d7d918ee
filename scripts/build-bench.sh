#!/bin/sh
# Build the x86_64 benchmark kernels: for each bed of BENCH_BEDS ("min" and
# "distro"), the unpatched one from a worktree at tag "base" and the patched
# one from the tree under work, each from `make allnoconfig` plus the bed's
# config fragments, with ccache, in a build folder of its own inside its
# tree.  Keeps $OUT/bench/BED/bzImage-{base,patched} (with the commit each
# was built from) and the tool that packs the initramfs,
# $OUT/bench/gen_init_cpio.
#   min     config/bench-x86.config: two CPUs, no preemption, periodic tick
#   distro  that, and config/bench-x86-distro.config: four CPUs, voluntary
#           preemption, high-resolution timers, tickless idle
set -eu
. "$(dirname "$0")/common.sh"
beds=${BENCH_BEDS:-min distro}
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

for bed in $beds; do
	frags=$TOP/config/bench-x86.config
	case "$bed" in
	min) ;;
	distro) frags="$frags $TOP/config/bench-x86-distro.config" ;;
	*) die "unknown bench bed '$bed' (min or distro)" ;;
	esac
	mkdir -p "$OUT/bench/$bed"
	for kernel in base patched; do
		if [ "$kernel" = base ]; then
			tree=$("$TOP/scripts/worktree.sh" base base)
		else
			tree=$SRC
		fi
		obj=$tree/.bench-$bed
		commit=$(git -C "$tree" rev-parse HEAD)
		img=$OUT/bench/$bed/bzImage-$kernel
		if [ "$(cat "$img.commit" 2>/dev/null)" = "$commit" ] && [ -f "$img" ]; then
			say "bench kernel $bed/$kernel is up to date"
			continue
		fi
		mkdir -p "$obj"
		# the fragments in order, a later line for an option winning
		# shellcheck disable=SC2086
		cat $frags | awk '/^(# )?CONFIG_/ { o = $0; sub(/^# /, "", o);
			sub(/[= ].*/, "", o); if (!(o in line)) order[n++] = o;
			line[o] = $0 } END { for (i = 0; i < n; i++) print line[order[i]] }' \
			> "$obj/fragment.config"
		mk() { make -s -C "$tree" ARCH=x86_64 O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }
		KCONFIG_ALLCONFIG="$obj/fragment.config" mk allnoconfig > "$obj/kconfig.log" 2>&1 ||
			{ cat "$obj/kconfig.log"; die "make allnoconfig failed"; }
		"$TOP/scripts/check-config.sh" "$obj/fragment.config" "$obj/.config"
		say "building x86_64 bench kernel $bed/$kernel ($(git -C "$tree" describe --always --tags))"
		start=$(date +%s)
		mk -j"$(nproc)" bzImage
		cp "$obj/arch/x86/boot/bzImage" "$img"
		cp "$obj/System.map" "$OUT/bench/$bed/System.map-$kernel"
		echo "$commit" > "$img.commit"
		say "built $img in $(( $(date +%s) - start ))s"
	done
done
