#!/bin/sh
# Kernel CI takes a test's kernel options with `make kselftest-merge`, which
# merges every tools/testing/selftests/*/config into .config.  Check, on an
# x86_64 defconfig of the applied tree, that the merge keeps every option of
# the audit kselftests' config.
set -eu
. "$(dirname "$0")/common.sh"
frag=$SRC/tools/testing/selftests/audit/config
obj=$BUILD/kci-config-$BASE
[ -f "$frag" ] || die "no $frag: is the series applied?"
rm -rf "$obj"
make -s -C "$SRC" ARCH=x86_64 O="$obj" defconfig >/dev/null
make -s -C "$SRC" ARCH=x86_64 O="$obj" kselftest-merge > "$obj.log" 2>&1 ||
	{ tail -20 "$obj.log"; die "make kselftest-merge failed"; }
missing=0
while IFS= read -r opt; do
	case "$opt" in CONFIG_*=*) ;; *) continue ;; esac
	grep -qxF "$opt" "$obj/.config" || { echo "missing after kselftest-merge: $opt"; missing=1; }
done < "$frag"
[ "$missing" = 0 ] || die "kselftest-merge drops options of $frag"
say "make kselftest-merge: every option of tools/testing/selftests/audit/config is in .config"
