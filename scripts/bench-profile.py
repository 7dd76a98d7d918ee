#!/usr/bin/python3
"""Instructions per operation, by kernel function, from two tb-profile runs.

Usage: bench-profile.py SYSTEM.MAP N ZERO.tb N.tb

Each .tb file has one line per translation block, "VADDR INSNS EXECS"
(bench/tb-profile.c).  A block's instructions are given to the text symbol
at or below its address; addresses below the kernel are "[user]".  The
difference between the run with N operations and the run with none, over N,
is what one operation costs: the table lists the functions that add the
most, and the total.
"""
import bisect
import collections
import sys

KERNEL_START = 0xffff800000000000


def symbols(path):
    """Sorted (address, name) of the text symbols of a System.map."""
    out = []
    with open(path) as f:
        for line in f:
            addr, kind, name = line.split()[:3]
            if kind in "tTwW":
                out.append((int(addr, 16), name))
    out.sort()
    return out


def profile(path, syms):
    """Instructions executed, by symbol."""
    addrs = [a for a, _ in syms]
    counts = collections.Counter()
    with open(path) as f:
        for line in f:
            vaddr, insns, execs = line.split()
            vaddr = int(vaddr, 16)
            if vaddr < KERNEL_START:
                name = "[user]"
            else:
                i = bisect.bisect_right(addrs, vaddr) - 1
                name = syms[i][1] if i >= 0 else "[kernel?]"
            counts[name] += int(insns) * int(execs)
    return counts


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    syms = symbols(sys.argv[1])
    n = int(sys.argv[2])
    zero, full = profile(sys.argv[3], syms), profile(sys.argv[4], syms)
    diff = {k: (full[k] - zero[k]) / n for k in set(zero) | set(full)}
    total = sum(diff.values())
    print(f"{'instructions/op':>15}  {'share':>6}  function")
    shown = 0.0
    for name, v in sorted(diff.items(), key=lambda kv: -kv[1])[:45]:
        shown += v
        print(f"{v:15,.1f}  {100 * v / total:5.1f}%  {name}")
    print(f"{total - shown:15,.1f}  {100 * (total - shown) / total:5.1f}%  (the rest)")
    print(f"{total:15,.1f}  100.0%  total, over N = {n:,}")


if __name__ == "__main__":
    main()
