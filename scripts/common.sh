# shellcheck shell=sh disable=SC2034 # sourced: the scripts use what it sets
# Shared settings for the harness scripts.  Sourced, never run.
# Every variable can be overridden from the environment or from make.

TOP=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:-6.12}
# One folder per base, bases/BASE: the pinned package version and subject
# prefix (base.conf), the series, each in a folder of its own with its cover
# letter's text in NAME.cover, the kselftest cases each series point still
# fails (expect), and what the test kernels need on this base (uml.config,
# smp.config, bed/).
BASEDIR=$TOP/bases/$BASE
if [ ! -f "$BASEDIR/base.conf" ]; then
	echo "error: unknown BASE '$BASE' (one of: $(ls "$TOP/bases" | tr '\n' ' '))" >&2
	exit 2
fi
. "$BASEDIR/base.conf"
BASE_PKG_VERSION=${BASE_PKG_VERSION:-$PIN}
# The SMP bed's kernels to test after UML (scripts/check.sh): SMP_SANS, or
# the base's default; SMP_SANS= for UML alone.
SMP_SANS_DEFAULT=${SMP_SANS_DEFAULT:-}
SMP_SANS_RUN=${SMP_SANS-$SMP_SANS_DEFAULT}

# The name a check's time is noted under (scripts/timing.py): $1 for the
# base's default SMP kernels, $1-uml for UML alone, $1-SAN[-SAN] otherwise.
check_job() {
	if [ "$SMP_SANS_RUN" = "$SMP_SANS_DEFAULT" ]; then
		echo "$1"
	elif [ -z "$SMP_SANS_RUN" ]; then
		echo "$1-uml"
	else
		echo "$1-$(echo "$SMP_SANS_RUN" | tr ' ' -)"
	fi
}
# The series, in the order they apply: the backlog fixes and rework, then
# the performance series on top of them.  In the source tree, tag NAME marks
# the last commit of each series but the last, which ends at HEAD.
SERIES="backlog perf"
BUILD=${BUILD:-$TOP/build}
SRC=${SRC:-$BUILD/src-$BASE}
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

# The range of commits of series $2 in tree $1, "FROM..TO": from the tag of
# the series before it (or "base") to its own tag, or to HEAD for the last.
series_range() {
	from=base
	for name in $SERIES; do
		to=$name
		[ "$name" != "${SERIES##* }" ] || to=HEAD
		if [ "$name" = "$2" ]; then
			echo "$from..$to"
			return 0
		fi
		from=$name
	done
	die "no series '$2' (one of: $SERIES)"
}
