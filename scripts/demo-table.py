#!/usr/bin/env python3
"""Print the demo's tables: one per kernel, a row per scenario and boot mode.

usage: demo-table.py [--json FILE] RUN_DIR...   (run folders of scripts/demo.sh)

Reads the "result ..." and "stopped ..." lines that demo/scenarios printed
in each run, and checks each console log for reports of the kernel's
checkers.  --json writes every figure to FILE as well, for
scripts/figures.py.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import checker_reports, read  # noqa: E402

COLUMNS = [
    ("generated", "generated"),
    ("delivered", "delivered"),
    ("lost", "counted lost"),
    ("uncounted", "missing, uncounted"),
    ("out_of_order", "out of order"),
    ("drain", "s to drain"),
    ("stranded", "stranded"),
    ("logged", "kernel log only"),
    ("between", "no auditd (log, rate-limited)"),
    ("unread", "unread in killed auditd"),
]

NOTES = """\
  counted lost             growth of the kernel's lost counter (auditctl -s)
  missing, uncounted       generated minus all the other columns but "out of
                           order", "s to drain" and "stranded": vanished without
                           a trace
  s to drain               from the last record generated to the last delivered
  stranded                 delivered only after unrelated records woke kauditd,
                           the stream having been quiet for 5 s ("never" drained)
  kernel log only          not delivered, found in /dev/kmsg: on the unpatched
                           kernel, the end of a record that no auditd waits for
                           without audit=1
  no auditd (log, rate-limited)
                           without audit=1: missing between the last record a
                           daemon got and the first the next one got, handled
                           while no auditd was registered, so sent to the
                           kernel log, whose rate limit dropped them: by
                           design, on both kernels (boot with audit=1 to keep
                           them)
  unread in killed auditd  in the socket of the auditd killed with SIGKILL, right
                           after the last record it read (with audit=1 the
                           series gives them to the next auditd)"""

STOPPED_NOTES = """\
  calls                    audited getppid() calls that began while auditd was
                           stopped (4 producers, one call every 5 ms each)
  p50, p99, max            how long those calls took: the wait for room in the
                           backlog (backlog limit 64)
  lost                     growth of the kernel's lost counter over the run"""


def results(run, kind="result"):
    rows = []
    for line in (read(os.path.join(run, "job.out")) or "").splitlines():
        if not line.startswith(kind + " "):
            continue
        rows.append(dict(f.split("=", 1) for f in line.split()[1:]))
    return rows


def seconds(us):
    return f"{int(us) / 1e6:.3f}"


def print_table(head, rows):
    """HEAD and ROWS in columns: the first two to the left, numbers to the
    right."""
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    fmt = "  ".join("{:<%d}" % w if i < 2 else "{:>%d}" % w for i, w in enumerate(widths))
    print(fmt.format(*head))
    for row in rows:
        print(fmt.format(*row))


def stopped_table(stopped):
    """The producers' waits while auditd was stopped, a row per run."""
    print("\nauditd stopped (SIGSTOP) for 15 s while 4 processes make audited calls")
    head = ["kernel", "boot", "backlog_wait_time", "calls", "p50 s", "p99 s", "max s", "lost"]
    print_table(head, [[k, m, r["wait_time"], r["calls"], seconds(r["p50_us"]),
                        seconds(r["p99_us"]), seconds(r["max_us"]), r["lost"]]
                       for k, m, r in stopped])
    print("\nColumns:\n" + STOPPED_NOTES)


def main():
    args = sys.argv[1:]
    out = None
    if args[:1] == ["--json"]:
        out, args = args[1], args[2:]
    by_kernel = {}
    problems = []
    notes = []
    stopped = []
    for run in args:
        info = dict(l.split("=", 1) for l in (read(f"{run}/info") or "").splitlines() if "=" in l)
        kernel, mode = info.get("kernel", "?"), info.get("mode", "?")
        rows = results(run)
        for line in (read(os.path.join(run, "job.out")) or "").splitlines():
            if line.startswith("missing "):
                notes.append(f"{kernel}/{mode} {line}")
        waits = results(run, "stopped")
        if len(rows) != 2 or len(waits) != 2:
            problems.append(f"{kernel}/{mode}: the scenarios did not finish, see {run}/console.log")
        for w in waits:
            stopped.append((kernel, "audit=1" if mode == "audit1" else "no audit=", w))
        for r in checker_reports(read(f"{run}/console.log") or ""):
            problems.append(f"{kernel}/{mode}: {r}")
        for r in rows:
            r["mode"] = "audit=1" if mode == "audit1" else "no audit="
            ms = int(r.get("drain_ms", 0))
            r["drain"] = "never" if int(r.get("stranded", 0)) else f"{ms / 1000:.1f}"
            by_kernel.setdefault((kernel, info.get("base_package", "")), []).append(r)

    titles = {"base": "Unpatched", "patched": "Patched"}
    for (kernel, pkg), rows in sorted(by_kernel.items(), key=lambda k: k[0][0] != "base"):
        print(f"\n{titles.get(kernel, kernel)} kernel ({pkg}), 3000 AUDIT_USER records per scenario")
        print_table(["scenario", "boot"] + [t for _, t in COLUMNS],
                    [[r["scenario"], r["mode"]] + [str(r.get(k, "?")) for k, _ in COLUMNS]
                     for r in rows])
    print("\nColumns:\n" + NOTES)
    print("slow: one auditd, smallest receive buffer, stalls 1 s every 300 records.")
    print("restart: auditd SIGKILLed and replaced, SIGSTOPped for 1 s and continued,")
    print("then unregistered and started again, while another process generates.")
    if stopped:
        stopped_table(sorted(stopped, key=lambda s: (s[0] != "base", s[1])))
    for n in notes:
        print(n)
    for p in problems:
        print(f"PROBLEM: {p}")
    if out:
        rows = [dict(r, kernel=k, base_package=pkg) for (k, pkg), rs in by_kernel.items()
                for r in rs]
        waits = [dict(w, kernel=k, mode=m) for k, m, w in stopped]
        with open(out, "w") as f:
            json.dump({"scenarios": rows, "stopped": waits, "problems": problems},
                      f, indent=1, sort_keys=True)
            f.write("\n")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
