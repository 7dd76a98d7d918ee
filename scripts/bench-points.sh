#!/bin/sh
# The figures of each point of the performance series, for its commit
# messages: from the end of the backlog series (tag "backlog") to HEAD, one
# x86_64 bench kernel per point and bed, built in a worktree of their own
# ($BUILD/points-BASE), each booted once under -icount (RTC base
# 2026-01-01, as the first seed of make bench), next to the unpatched
# kernel of make bench.  Writes results/bench-points-BASE.json.
# Settings: BENCH_BEDS ("distro min").
set -eu
. "$(dirname "$0")/common.sh"
beds=${BENCH_BEDS:-distro min}
BENCH_BEDS=$beds "$TOP/scripts/build-bench.sh"
"$TOP/scripts/bench-initramfs.sh"
export CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=true CCACHE_SLOPPINESS=time_macros
export KBUILD_BUILD_TIMESTAMP='Sat Jan  1 00:00:00 UTC 2000'
export KBUILD_BUILD_USER=audit-series KBUILD_BUILD_HOST=harness KBUILD_BUILD_VERSION=1
dir=$OUT/bench/points
mkdir -p "$dir"
points="base $(git -C "$SRC" rev-list --reverse backlog~1..HEAD)"
for bed in $beds; do
	for point in $points; do
		if [ "$point" = base ]; then
			img=$OUT/bench/$bed/bzImage-base
		else
			wt=$("$TOP/scripts/worktree.sh" points "$point")
			obj=$wt/.bench-$bed
			mkdir -p "$obj"
			cp "$SRC/.bench-$bed/fragment.config" "$obj/fragment.config"
			make -s -C "$wt" ARCH=x86_64 O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" \
				KCONFIG_ALLCONFIG="$obj/fragment.config" allnoconfig > "$obj/kconfig.log" 2>&1
			"$TOP/scripts/check-config.sh" "$obj/fragment.config" "$obj/.config"
			say "building $bed bench kernel at $(git -C "$wt" log -1 --format=%s)"
			make -s -C "$wt" ARCH=x86_64 O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" \
				-j"$(nproc)" bzImage
			img=$dir/bzImage-$bed-$point
			cp "$obj/arch/x86/boot/bzImage" "$img"
		fi
		log=$dir/$bed-$point.log
		timeout 600 qemu-system-x86_64 -nographic -no-reboot -m 512M -smp 1 \
			-icount shift=0,sleep=off -rtc base=2026-01-01T00:00:00,clock=vm \
			-kernel "$img" -initrd "$OUT/bench/initramfs.cpio" \
			-append "$BENCH_CMDLINE $BENCH_ICOUNT BENCH=icount" \
			< /dev/null > "$log" 2>&1 || true
		grep -q '^BENCH-END' "$log" || die "no BENCH-END in $log"
		say "$bed $point: $(grep -c '^BENCH ' "$log") figures"
	done
done
/usr/bin/python3 - "$dir" "$TOP/results/bench-points-$BASE.json" "$SRC" $points <<'PY'
import json, re, subprocess, sys
d, out, src, points = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
res = {"points": []}
for p in points:
    subject = "6.12.117 (unpatched)" if p == "base" else subprocess.run(
        ["git", "-C", src, "log", "-1", "--format=%s", p], capture_output=True,
        text=True).stdout.strip()
    entry = {"commit": p, "subject": subject, "figures": {}}
    for bed in ("min", "distro"):
        try:
            text = open(f"{d}/{bed}-{p}.log", errors="replace").read()
        except OSError:
            continue
        entry["figures"][bed] = {m.group(1): float(m.group(2)) for m in
                                 re.finditer(r"^BENCH (\S+) ([0-9.]+) ", text, re.M)}
    res["points"].append(entry)
with open(out, "w") as f:
    json.dump(res, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {out}")
PY
