# shellcheck shell=sh disable=SC2034 # sourced: the scripts use what it sets
# Shared settings for the harness scripts.  Sourced, never run.
# Every variable can be overridden from the environment or from make.

TOP=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:-6.12}
# The exact Debian package version of the base.  Pinned so that the
# series is always tested against the tree it was written for.
# Each base has its own series folder and cover letter: the 6.1 series is
# the same series, rebased (see README.md, "The 6.1 LTS base").
case "$BASE" in
6.12)
	BASE_PKG_VERSION=${BASE_PKG_VERSION:-6.12.117-1~deb12u1}
	PATCHES=$TOP/patches
	COVER=$TOP/cover-letter.txt
	SUBJECT_PREFIX=PATCH
	;;
6.1)
	BASE_PKG_VERSION=${BASE_PKG_VERSION:-6.1.192-2}
	PATCHES=$TOP/patches-6.1
	COVER=$TOP/cover-letter-6.1.txt
	SUBJECT_PREFIX="PATCH 6.1"
	;;
*)	echo "error: unknown BASE '$BASE' (use 6.12 or 6.1)" >&2; exit 2 ;;
esac
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/src-$BASE
# What fetch-base.sh unpacked: package version and tarball sha256, kept
# outside the tree so that no commit can pick them up.
BASE_VERSION_FILE=$BUILD/base-$BASE.version
BASE_SHA256_FILE=$BUILD/base-$BASE.sha256
TARBALL=/usr/src/linux-source-$BASE.tar.xz
OUT=$BUILD/out-$BASE

# The bench guests' kernel command line (scripts/bench.sh, bench-profile.sh),
# and what -icount boots add to it: 1 guest ns per instruction, so the TSC
# runs at 1 GHz; without noapictimer, LAPIC calibration spins for seconds.
BENCH_CMDLINE="console=ttyS0 quiet audit=1 norandmaps tsc=reliable"
BENCH_ICOUNT="noapictimer tsc_early_khz=1000000"

die() { echo "error: $*" >&2; exit 1; }
say() { echo ">>> $*"; }

# For a script that checks out other revisions of the source tree: the tree
# must be clean, and it goes back to the branch it was on when the script
# ends, however it ends.  Sets $back to that branch.
keep_checkout() {
	git -C "$SRC" diff --quiet HEAD ||
		die "$SRC has uncommitted changes; commit or discard them first"
	back=$(git -C "$SRC" symbolic-ref -q --short HEAD || git -C "$SRC" rev-parse HEAD)
	trap 'git -C "$SRC" checkout -q "$back"' EXIT
}
