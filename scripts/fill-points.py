#!/usr/bin/env python3
"""Write each performance patch's figure, in its commit message, from
results/bench-points-BASE.json (make bench-points), so that no figure in a
commit message is typed by hand.

usage: fill-points.py BASE

The paragraph that starts "Guest instructions, against the patch before"
in bases/BASE/perf/*.patch is replaced by the figures of that patch's point
against the point before it, on the min bed.  Then `FORCE=1 make tree` and
`make export` carry the messages into the tree and back.
"""

import glob
import json
import os
import re
import sys
import textwrap

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# subject of the patch: the figures its message gives, (key, what)
FIGURES = {
    "audit: start each record without vsnprintf()":
        [("syscall_audited_ns", "an audited getppid()"),
         ("user_record_ns", "an AUDIT_USER message")],
    "audit: copy the text of user space messages into their records":
        [("user_record_ns", "a 52-byte AUDIT_USER message"),
         ("user_record_long_ns", "a 1,000-byte one")],
    "audit: log the login uid and the session id without vsnprintf()":
        [("user_record_ns", "an AUDIT_USER message")],
    "audit: trim records in kauditd, before they are cloned to be sent":
        [("syscall_audited_ns", "an audited getppid()"),
         ("held_drain_ns", "handing 8,192 held records to a new auditd")],
    "audit: wake kauditd for a new record only when it waits":
        [("syscall_audited_ns", "an audited getppid()")],
    "audit: log the ids of a task without vsnprintf()":
        [("syscall_audited_ns", "an audited getppid()")],
}
PARA = re.compile(r"Guest instructions, against the patch before .*?\n\n", re.S)


def paragraph(before, after, figures):
    def one(key, what):
        a, b = before[key], after[key]
        return f"{what} {round(a):,} to {round(b):,} ({(b - a) / a * 100:+.0f}%)"
    text = ("Guest instructions, against the patch before (an x86_64 allnoconfig "
            "kernel with audit and netlink, one CPU under QEMU -icount): "
            + "; ".join(one(k, w) for k, w in figures) + ".")
    return textwrap.fill(text, 72) + "\n\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    base = sys.argv[1]
    res = json.load(open(os.path.join(TOP, "results", f"bench-points-{base}.json")))
    points = res["points"]
    by_subject = {p["subject"]: i for i, p in enumerate(points)}
    for path in sorted(glob.glob(os.path.join(TOP, "bases", base, "perf", "0*.patch"))):
        text = open(path).read()
        m = re.search(r"^Subject: \[PATCH[^\]]*\] (.*?)\n(?=\S)", text, re.M | re.S)
        if not m:
            continue
        subject = " ".join(m.group(1).split())
        if subject not in FIGURES:
            continue
        if subject not in by_subject:
            sys.exit(f"fill-points: no point for '{subject}' in bench-points-{base}.json")
        i = by_subject[subject]
        new = paragraph(points[i - 1]["figures"]["min"], points[i]["figures"]["min"],
                        FIGURES[subject])
        if not PARA.search(text):
            sys.exit(f"fill-points: {os.path.basename(path)} has no figure paragraph")
        out = PARA.sub(lambda _: new, text, count=1)
        if out != text:
            open(path, "w").write(out)
            print(f"fill-points: wrote {os.path.relpath(path, TOP)}")


if __name__ == "__main__":
    main()
