#!/bin/sh
# The series' documentation: the admin-guide page is valid reST (docutils,
# warnings are errors) and listed in the admin-guide index, and
# scripts/kernel-doc finds no problem in it nor in the kernel-doc comments
# of the audit code the series touches.
set -eu
. "$(dirname "$0")/common.sh"
page=Documentation/admin-guide/audit-backlog.rst
cd "$SRC"
[ -f "$page" ] || die "no $page: is the series applied?"
/usr/bin/python3 -m docutils --halt=warning --report=warning "$page" > /dev/null ||
	die "$page is not valid reST"
grep -qx '   audit-backlog' Documentation/admin-guide/index.rst ||
	die "$page is not in Documentation/admin-guide/index.rst"
for f in "$page" kernel/audit.c kernel/audit_kunit.c; do
	out=$(scripts/kernel-doc -none "$f" 2>&1) || die "kernel-doc failed on $f"
	[ -z "$out" ] || { echo "$out"; die "kernel-doc warns about $f"; }
done
say "docs: $page is valid reST and indexed; kernel-doc -none is clean"
