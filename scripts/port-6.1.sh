#!/bin/sh
# Rebase the series of bases/6.12 onto the 6.1 base, and export them to
# bases/6.1.  Each patch goes in with `git am -C1`; MAINTAINERS, whose AUDIT
# SUBSYSTEM entry has other context on 6.1, gets its F: line by hand;
# KUnit's static stub redirects are translated to their 6.1 form first; and
# where 6.1 lacks what a patch uses, scripts/port-6.1-fix.py changes it, and
# the change is noted in the commit message ("[ 6.1: ... ]").
# usage: BASE=6.1 scripts/port-6.1.sh      (after BASE=6.1 make base)
set -eu
# shellcheck disable=SC2034 # read by common.sh
BASE=6.1
. "$(dirname "$0")/common.sh"
from=$TOP/bases/6.12
tree=$SRC
git -C "$tree" rev-parse -q --verify base >/dev/null || die "no 6.1 base: BASE=6.1 make base"
git -C "$tree" diff --quiet HEAD || die "$tree has uncommitted changes"
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -B series base
patch=$(mktemp)
trap 'rm -f "$patch"' EXIT

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

for name in $SERIES; do
	while IFS= read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		# KUnit's static stub redirects in their 6.1 form
		/usr/bin/python3 "$TOP/scripts/port-6.1-fix.py" --translate \
			"$from/$name/$p" > "$patch"
		if ! git -C "$tree" am -q -C1 --no-3way "$patch" >/dev/null 2>&1; then
			git -C "$tree" am --abort
			git -C "$tree" am -q -C1 --reject "$patch" >/dev/null 2>&1 || true
			rej=$(cd "$tree" && git status --porcelain --ignored | sed -n 's/^.. //p' | grep '\.rej$' || true)
			for r in $rej; do
				case "$r" in
				MAINTAINERS.rej)
					line=$(sed -n 's/^+F:\t//p' "$tree/MAINTAINERS.rej")
					maintainers_f "$line"
					;;
				kernel/audit.c.rej)
					# what 6.1 has in other form, and
					# port-6.1-fix.py makes: the include of
					# <kunit/static_stub.h>, audit_release()
					subject=$(/usr/bin/python3 -c 'import email, re, sys
s = email.message_from_file(open(sys.argv[1]))["Subject"]
print(re.sub(r"^\[[^]]*\] ", "", " ".join(s.split())))' "$from/$name/$p")
					/usr/bin/python3 "$TOP/scripts/port-6.1-fix.py" \
						--rejects-ok "$subject" "$tree/$r" ||
						die "$name/$p: kernel/audit.c rejects more than port-6.1-fix.py makes"
					;;
				*)	die "$name/$p: rejects $r" ;;
				esac
				rm -f "$tree/$r"
			done
			# -f: Debian's .gitignore ignores the top level; not the
			# build folders (.uml, .bench-*) a check may have left
			git -C "$tree" add -A -f -- . ':(exclude).*'
			git -C "$tree" am --continue >/dev/null || die "$name/$p: git am --continue failed"
		fi
		subject=$(git -C "$tree" log -1 --format=%s)
		note=$(/usr/bin/python3 "$TOP/scripts/port-6.1-fix.py" "$tree" "$subject")
		if [ -n "$note" ]; then
			git -C "$tree" add -A -f -- . ':(exclude).*'
			msg=$(git -C "$tree" log -1 --format=%B)
			note=$(printf '[ 6.1: %s ]\n' "$note" | fold -s -w 72 | sed 's/ *$//')
			printf '%s\n%s\n' "$msg" "$note" |
				git -C "$tree" commit -q --amend -F -
		fi
	done < "$from/$name/series"
	[ "$name" = "${SERIES##* }" ] || git -C "$tree" tag -f "$name" >/dev/null
done
# The cover letters: the 6.12 ones, said to be the 6.1 port.  Their figures
# are 6.1's own (scripts/figures.py 6.1).
for name in $SERIES; do
	{
		printf '%s (6.1)\n\n' "$(head -n 1 "$from/$name.cover")"
		printf 'The same series as for 6.12, on Debian 12'"'"'s linux-source-6.1\n'
		printf '%s.  A patch that differs says how, in a "[ 6.1: ... ]" note.\n' \
			"$BASE_PKG_VERSION"
		tail -n +2 "$from/$name.cover"
	} > "$BASEDIR/$name.cover"
done
/usr/bin/python3 "$TOP/scripts/figures.py" --covers 6.1
"$TOP/scripts/export.sh"
