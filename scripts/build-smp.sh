#!/bin/sh
# Build an x86_64 SMP test kernel: four CPUs, full preemption, lockdep, and
# one sanitizer, for scripts/run-smp.sh.  KMSAN's kernel is built with
# clang, the others with gcc.  The patched kernel is built from
# the tree under work, the unpatched one from a worktree at tag "base", each
# from `make allnoconfig` plus config/smp-x86.config, the sanitizer's
# fragment and (once the tree has them) the series' options, with ccache,
# in a build folder of its own inside its tree.  Keeps
# $OUT/smp/SAN/bzImage-KERNEL, with the commit it was built from.
# usage: build-smp.sh KERNEL SAN    (KERNEL: patched or base; SAN: kasan, kcsan or kmsan)
set -eu
. "$(dirname "$0")/common.sh"
kernel=${1:?usage: build-smp.sh patched|base kasan|kcsan|kmsan}
san=${2:?usage: build-smp.sh patched|base kasan|kcsan|kmsan}
case "$san" in
kasan|kcsan) cc=gcc ;;
kmsan) cc=clang ;;
*) die "unknown sanitizer '$san' (kasan, kcsan or kmsan)" ;;
esac
command -v "$cc" >/dev/null || die "no $cc: run scripts/install-deps.sh $san"

case "$kernel" in
patched) tree=$SRC ;;
base) tree=$("$TOP/scripts/worktree.sh" base base) ;;
*) die "unknown kernel '$kernel' (patched or base)" ;;
esac
export CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=true CCACHE_SLOPPINESS=time_macros
ccache -M 8G >/dev/null
export KBUILD_BUILD_TIMESTAMP='Sat Jan  1 00:00:00 UTC 2000'
export KBUILD_BUILD_USER=audit-series KBUILD_BUILD_HOST=harness
export KBUILD_BUILD_VERSION=1

dir=$OUT/smp/$san
img=$dir/bzImage-$kernel
obj=$tree/.smp-$san
commit=$(git -C "$tree" rev-parse HEAD)
mkdir -p "$dir" "$obj"
frags="$TOP/config/smp-x86.config $TOP/config/smp-$san.config"
# what this base needs besides (bases/6.1/smp.config: 9P_FS needs INET there)
[ ! -f "$BASEDIR/smp.config" ] || frags="$frags $BASEDIR/smp.config"
if grep -q '^config AUDIT_KUNIT_TEST$' "$tree/init/Kconfig"; then
	frags="$frags $TOP/config/series.config"
fi
# shellcheck disable=SC2086
cat $frags > "$obj/fragment.config"
if [ "$(cat "$img.commit" 2>/dev/null)" = "$commit" ] && [ -f "$img" ] &&
		cmp -s "$obj/fragment.config" "$img.config"; then
	say "SMP kernel $san/$kernel is up to date"
	exit 0
fi
mk() { make -s -C "$tree" ARCH=x86_64 O="$obj" CC="ccache $cc" HOSTCC="ccache gcc" "$@"; }
KCONFIG_ALLCONFIG="$obj/fragment.config" mk allnoconfig > "$obj/kconfig.log" 2>&1 ||
	{ cat "$obj/kconfig.log"; die "make allnoconfig failed"; }
"$TOP/scripts/check-config.sh" "$obj/fragment.config" "$obj/.config"
say "building x86_64 SMP kernel $san/$kernel ($(git -C "$tree" describe --always --tags))"
start=$(date +%s)
mk -j"$(nproc)" bzImage
cp "$obj/arch/x86/boot/bzImage" "$img"
cp "$obj/fragment.config" "$img.config"
echo "$commit" > "$img.commit"
say "built $img in $(( $(date +%s) - start ))s"
