#!/bin/sh
# Check that every option a fragment asks for made it into a .config.
# Kconfig silently drops options whose dependencies are not met; a test
# kernel without, say, PROVE_LOCKING would pass for the wrong reason.
# usage: check-config.sh FRAGMENT DOTCONFIG
set -eu
frag=${1:?usage: check-config.sh FRAGMENT DOTCONFIG}
conf=${2:?usage: check-config.sh FRAGMENT DOTCONFIG}
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$conf" || {
			echo "config: asked for $line, got: $(grep "^${line%%=*}=" "$conf" || echo unset)" >&2
			bad=1
		} ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		if grep -q "^$opt=" "$conf"; then
			echo "config: asked for $opt off, got: $(grep "^$opt=" "$conf")" >&2
			bad=1
		fi ;;
	esac
done < "$frag"
[ "$bad" -eq 0 ] || { echo "error: $conf does not match $frag" >&2; exit 1; }
