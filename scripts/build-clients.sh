#!/bin/sh
# Build the host-side audit clients (clients/*.c) as static binaries, for
# any guest kernel: they are not part of the series.
set -eu
. "$(dirname "$0")/common.sh"
dst=$OUT/clients
mkdir -p "$dst"
for src in "$TOP"/clients/*.c; do
	name=$(basename "$src" .c)
	say "building clients/$name"
	gcc -static -O2 -Wall -Wextra -Werror -o "$dst/$name" "$src"
done
