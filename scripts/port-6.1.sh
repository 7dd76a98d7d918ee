#!/bin/sh
# Rebase the series from patches/ (6.12) onto the 6.1 base, and export it to
# patches-6.1/.  Each patch goes in with `git am -C1`; where 6.1 differs,
# the fix below is made and noted in the commit message ("[ 6.1: ... ]").
# What differs is listed in README.md, "The 6.1 LTS base".
# usage: BASE=6.1 scripts/port-6.1.sh      (after make base)
set -eu
# shellcheck disable=SC2034 # read by common.sh
BASE=6.1
. "$(dirname "$0")/common.sh"
from=$TOP/patches
tree=$SRC
git -C "$tree" rev-parse -q --verify base >/dev/null || die "no 6.1 base: BASE=6.1 make base"
git -C "$tree" diff --quiet HEAD || die "$tree has uncommitted changes"
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -B series base

# Add an F: line to the AUDIT SUBSYSTEM entry of MAINTAINERS, sorted.
maintainers_f() {
	/usr/bin/python3 - "$tree/MAINTAINERS" "$1" <<'PY'
import sys
path, line = sys.argv[1], "F:\t" + sys.argv[2]
lines = open(path).read().split("\n")
i = lines.index("AUDIT SUBSYSTEM")
j = i
while lines[j + 1]:
    j += 1
f = [k for k in range(i, j + 1) if lines[k].startswith("F:")]
pos = next((k for k in f if lines[k] > line), f[-1] + 1)
lines.insert(pos, line)
open(path, "w").write("\n".join(lines))
PY
}

# Amend the commit just applied, with a backport note.
note() {
	git -C "$tree" add -A -f .
	msg=$(git -C "$tree" log -1 --format=%B)
	printf '%s\n[ 6.1: %s ]\n' "$msg" "$1" |
		git -C "$tree" commit -q --amend -F -
}

while IFS= read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	if ! git -C "$tree" am -q -C1 --no-3way "$from/$p" >/dev/null 2>&1; then
		git -C "$tree" am --abort
		git -C "$tree" am -q -C1 --reject "$from/$p" >/dev/null 2>&1 || true
		rej=$(cd "$tree" && git status --porcelain --ignored | sed -n 's/^.. //p' | grep '\.rej$' || true)
		[ "$rej" = MAINTAINERS.rej ] || die "$p: rejects other than MAINTAINERS: $rej"
		line=$(sed -n 's/^+F:\t//p' "$tree/MAINTAINERS.rej")
		rm -f "$tree/MAINTAINERS.rej"
		maintainers_f "$line"
		git -C "$tree" add -A -f .
		git -C "$tree" am --continue >/dev/null || die "$p: git am --continue failed"
	fi
	case "$p" in
	0001-*)
		f=$tree/tools/testing/selftests/audit/audit_common.h
		sed -i -e 's/^static inline __printf(2, 3) int audit_user(/static inline int audit_user(/' \
			-e 's/^static __noreturn void daemon_main(const struct daemon_opts \*o,$/static void daemon_main(const struct daemon_opts *o, struct record_log *log,/' \
			-e 's/^\t\t\t\t   struct record_log \*log, int ready, int gate)$/\t\t\tint ready, int gate)/' "$f"
		note "no __printf or __noreturn on audit_user() and daemon_main(): the kselftest.h of 6.1 does not define them"
		;;
	0004-*)
		sed -i 's/kunit_get_current_test()/current->kunit_test/g' "$tree/kernel/audit_kunit.c"
		note "current->kunit_test for kunit_get_current_test(), which 6.1 lacks"
		;;
	esac
done < "$from/series"
"$TOP/scripts/export.sh"
