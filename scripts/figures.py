#!/usr/bin/env python3
"""Fill the figure blocks of the README, the docs and the cover letters
from the results that the jobs wrote, so that no figure is typed by hand.

usage: figures.py [--check] [--covers BASE]

Without --covers it fills README.md and docs/*.md from the results of
6.12, the base the docs describe, and the cover letters of every base from
that base's results; with --covers BASE, only the cover letters of BASE
(scripts/port-6.1.sh makes those of 6.1, then fills them).

A block is the text between a line "<!-- fig:NAME -->" and a line
"<!-- /fig -->" in README.md, docs/*.md and bases/*/*.cover; figures.py
replaces it with the table NAME, in Markdown, or in plain text in a cover
letter (scripts/export.sh leaves the marker lines out of the patch).
With --check, it changes nothing and fails if a block is not what the
results make: a figure was typed by hand, or a result changed and
`make figures` was not run.

The results (all committed):
  results/check-BASE.json    every UML case of the last `make check`
                             (scripts/report.py --json)
  results/check-smp-SAN-BASE.json   every case of the last SMP run with
                             sanitizer SAN (scripts/test-smp.sh)
  results/smp-SAN-base-BASE.json    the same on the unpatched kernel
                             (make check-full), not judged
  results/demo-BASE.json     the demo's scenarios (scripts/demo-table.py)
  results/auditd-BASE.json   Debian's auditd in the demo (auditd_check.py)
  bases/BASE/expect          which kselftest case fails on the base, until
                             which patch (checked by make check-bisect)
  bench/results/DATE-BASE-BED.json   make bench, the newest of each bed
  results/bench-points-BASE.json     make bench-points, each point of perf
"""

import email
import glob
import json
import os
import re
import sys
import textwrap

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "scripts"))
import report  # noqa: E402  (its checkers' names)
BLOCK = re.compile(r"(<!-- fig:([a-z0-9-]+) -->\n)(.*?)(<!-- /fig -->)", re.S)


def load(path):
    try:
        with open(os.path.join(TOP, path)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def table(head, rows, text, align=None):
    """A table in Markdown, or in aligned plain text for a cover letter."""
    align = align or ["l"] + ["r"] * (len(head) - 1)
    rows = [[str(c) for c in r] for r in rows]
    if not text:
        out = ["| " + " | ".join(head) + " |",
               "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(out) + "\n"
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]

    def line(cells):
        return "  " + "  ".join(c.ljust(w) if a == "l" else c.rjust(w)
                                for c, w, a in zip(cells, widths, align)).rstrip()
    return "\n".join([line(head)] + [line(r) for r in rows]) + "\n"


def num(x):
    return f"{x:,.0f}" if isinstance(x, (int, float)) else str(x)


# ---- the kselftests: on the base (bases/BASE/expect) and with the series

def expect_entries(base):
    entries = []
    path = os.path.join(TOP, "bases", base, "expect")
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if line:
            mode, case, subject = line.split(None, 2)
            entries.append((mode, case, subject))
    return entries


def patch_numbers(base, name):
    """{subject: number} of the patches of series NAME of BASE."""
    numbers = {}
    for path in sorted(glob.glob(os.path.join(TOP, "bases", base, name, "0*.patch"))):
        with open(path) as f:
            msg = email.message_from_file(f)
        subject = re.sub(r"\s+", " ", str(msg["Subject"]))
        m = re.match(r"\[[^\]]*?(\d+)/\d+\] (.*)", subject)
        if m:
            numbers[m.group(2)] = int(m.group(1))
    return numbers


def kselftest_status(check, kernel, mode):
    """{case: status} of the kselftests of one run of make check."""
    for run in (check or {}).get("runs", []):
        info = run.get("info", {})
        if info.get("kernel") == kernel and info.get("mode") == mode and \
                run.get("run") == f"{kernel}-{mode}":
            return {c["name"]: c["status"] for c in run["cases"] if c["kind"] == "kselftest"}
    return {}


def fig_kselftests(base, text):
    check = load(f"results/check-{base}.json")
    entries = expect_entries(base)
    series = {m: kselftest_status(check, "patched", m) for m in ("audit1", "default")}
    cases = sorted(set(series["audit1"]) | set(series["default"]),
                   key=lambda c: list(series["audit1"]).index(c)
                   if c in series["audit1"] else 999)

    def on_base(case, mode):
        # a case skips by boot mode, on any kernel
        if series[mode].get(case) == "skip":
            return "skip"
        for when, name, _ in entries:
            if name == case and when.rstrip("?") in ("any", mode):
                return "FAIL*" if when.endswith("?") else "FAIL"
        return "pass"

    numbers = patch_numbers(base, "backlog")

    def fixed_by(case):
        subjects = [s for _, name, s in entries if name == case]
        if not subjects:
            return ""
        # a cover letter names the patch by its number, the docs by subject
        return f"patch {numbers[subjects[0]]}" if text else subjects[0]

    def short(st):
        return {"pass": "pass", "skip": "skip", "fail": "FAIL", "xfail": "FAIL"}.get(st, st)

    rows = [[c, f"{on_base(c, 'audit1')} / {on_base(c, 'default')}",
             f"{short(series['audit1'].get(c, '-'))} / {short(series['default'].get(c, '-'))}",
             fixed_by(c)] for c in cases]
    if text:
        # a cover letter stays within 80 columns
        head = ["case", base, "series", "fixed by"]
        note = ("Each column: booted with audit=1 / with no audit=.  FAIL* fails in "
                "some runs only.  Each case that fails on %s passes from the patch "
                "named on." % base)
    else:
        head = ["case", f"{base} (audit=1 / none)", "series (audit=1 / none)",
                "made to pass by"]
        note = ("FAIL* fails in some runs only.  Each case that fails on %s passes from "
                "the patch named on." % base)
    out = table(head, rows, text, ["l", "l", "l", "l"])
    if text:
        return out + "\n" + textwrap.fill(note, 72, initial_indent="  ",
                                          subsequent_indent="  ") + "\n"
    return out + "\n" + note + "\n"


def fig_check(base, text):
    check = load(f"results/check-{base}.json") or {}
    kinds = {}
    for run in check.get("runs", []):
        for c in run["cases"]:
            k = kinds.setdefault(c["kind"], {"pass": 0, "fail": 0, "skip": 0, "xfail": 0})
            k[c["status"]] += 1
    rows = [[k, v["pass"] + v["xfail"], v["fail"], v["skip"]] for k, v in sorted(kinds.items())]
    rows.append(["all UML test cases (both series, both boot modes)",
                 check.get("passed", "-"), check.get("failed", "-"), check.get("skipped", "-")])
    return table(["cases", "passed", "failed", "skipped"], rows, text)


SANITIZERS = ("kasan", "kcsan", "kmsan")
# what scripts/report.py calls a checker's report in a run's problems
CHECKER_NAMES = {what for _, what in report.CHECKERS} | {"kmemleak"}


def fig_smp(base, text):
    """The SMP bed's cases, one row per sanitizer build; with the reports
    its checkers made on the patched kernel, and on the unpatched one when
    make check-full has booted it."""
    rows = []
    for san in SANITIZERS:
        for kernel, path in (("series", f"results/check-smp-{san}-{base}.json"),
                             ("unpatched", f"results/smp-{san}-base-{base}.json")):
            rep = load(path)
            if not rep:
                continue
            reports = [p for r in rep["runs"] for p in r["problems"]
                       if p.split(":")[0] in CHECKER_NAMES]
            info = rep["runs"][0]["info"] if rep["runs"] else {}
            rows.append([f"x86_64, {info.get('cpus', '?')} vCPUs, {san.upper()}", kernel,
                         info.get("commit", "?")[:12], len(rep["runs"]),
                         rep["passed"], rep["failed"], rep["skipped"], len(reports)])
    if not rows:
        return "(not measured: the SMP bed has not been run)\n"
    return table(["kernel build", "kernel", "commit", "boots", "passed", "failed", "skipped",
                  "checker lines"], rows, text, ["l", "l", "l", "r", "r", "r", "r", "r"])


def race_title(problem):
    """The functions a KCSAN report names ("data-race in a / b"), or None
    for a problem that is not a KCSAN report."""
    m = re.search(r"BUG: KCSAN: (.*)$", problem)
    return m.group(1).strip() if m and problem.startswith("KCSAN:") else None


def fig_kcsan_base(base, text):
    """The data races KCSAN reported on the unpatched kernel (make
    check-full), one row per race, with the boots that reported it there,
    and how many boots of the series reported it."""
    rep = load(f"results/smp-kcsan-base-{base}.json")
    if not rep:
        return "(not measured: make check-full has not booted the unpatched kernel with KCSAN)\n"
    ours = load(f"results/check-smp-kcsan-{base}.json") or {"runs": []}

    def boots(report):
        seen = {}
        for run in report["runs"]:
            for title in {race_title(p) for p in run["problems"]} - {None}:
                seen[title] = seen.get(title, 0) + 1
        return seen
    theirs, mine = boots(rep), boots(ours)
    commit = (rep["runs"][0]["info"].get("commit", "?")[:12] if rep["runs"] else "?")
    if not theirs:
        return (f"(none: KCSAN reported no data race in {len(rep['runs'])} boots of the "
                f"unpatched kernel, {commit})\n")
    rows = [[t, theirs[t], mine.get(t, 0)] for t in sorted(theirs, key=lambda t: (-theirs[t], t))]
    return table([f"KCSAN report on the unpatched kernel ({commit}, {len(rep['runs'])} boots)",
                  "boots, unpatched", f"boots, series ({len(ours['runs'])})"], rows, text,
                 ["l", "r", "r"])


STRESS_COLUMNS = [("generated", "generated"), ("delivered", "delivered"),
                  ("lost", "counted lost"), ("logged", "kernel log"),
                  ("uncounted", "missing"), ("flaps", "flaps"), ("faults", "faults")]


def fig_stress(base, text):
    """Every stress boot in the results, UML and each SMP build, with the
    commit it ran: the records, the flaps survived and the faults injected."""
    rows = []
    for bed, path in [("UML", f"results/check-{base}.json")] + [
            (f"x86_64 {san.upper()}", f"results/check-smp-{san}-{base}.json")
            for san in SANITIZERS]:
        for run in (load(path) or {}).get("runs", []):
            info = run["info"]
            if not info.get("job", "").endswith("stress.sh"):
                continue
            bed_cpus = f"{bed}, {info.get('cpus', '1')} CPU" + ("s" if info.get("cpus", "1") != "1" else "")
            tag = run["run"].rsplit("-", 1)[-1]
            what = {"stress": "flapping", "faults": "faults", "cpu": "stopped auditd"}.get(tag, tag)
            rows.append([bed_cpus, info.get("commit", "?")[:12], boot_name(info.get("mode", "?")), what]
                        + [num(int(info[k])) if k in info else "-" for k, _ in STRESS_COLUMNS])
    if not rows:
        return "(not measured: no stress run in the results)\n"
    return table(["bed", "commit", "boot", "run"] + [h for _, h in STRESS_COLUMNS], rows, text,
                 ["l", "l", "l", "l"] + ["r"] * len(STRESS_COLUMNS))


# ---- the demo

NOT_MEASURED = "(not measured for this version: make demo has not been run)\n"


def kernel_name(run):
    """Which kernel a demo run booted: its base version, or "series"."""
    if run["kernel"] != "base":
        return "series"
    pkg = run.get("base_package", "")
    return pkg.split()[-1].split("-")[0] if pkg else "unpatched"


def seconds(us):
    return f"{int(us) / 1e6:.3f}"


def demo_rows(path, key, order):
    """The runs under KEY of the demo's results at PATH, sorted by ORDER,
    or None when make demo has not been run for this version."""
    runs = load(path) or {}
    runs = runs.get(key) if isinstance(runs, dict) else runs
    return sorted(runs, key=order) if runs else None


def fig_demo(base, text):
    runs = demo_rows(f"results/demo-{base}.json", "scenarios",
                     lambda r: (r["kernel"] != "base", r["scenario"], r["mode"]))
    if runs is None:
        return NOT_MEASURED
    rows = []
    for r in runs:
        drain = "never" if int(r.get("stranded", 0)) else f"{int(r['drain_ms']) / 1000:.1f}"
        rows.append([kernel_name(r), r["scenario"], boot_name(r["mode"]), r["delivered"],
                     r["lost"], r["uncounted"],
                     str(int(r["between"]) + int(r.get("logged", 0))), r["unread"],
                     r["out_of_order"], drain])
    if text:
        # a cover letter stays within 80 columns: short headers, a legend
        out = table(["kernel", "run", "boot", "got", "lost", "gone", "log", "unread",
                     "order", "drain"], rows, text, ["l", "l", "l"] + ["r"] * 7)
        return out + textwrap.fill(
            "got: delivered to auditd; lost: counted lost; gone: vanished "
            "uncounted; log: sent to the kernel log, found there or made while "
            "no auditd was registered (by design); unread: left in the killed "
            "auditd's socket (the five columns add up to the records made); "
            "order: out of order; drain: seconds from the last record made to "
            "the last delivered.", 72, initial_indent="  ",
            subsequent_indent="  ") + "\n"
    return table(["kernel", "scenario", "boot", "delivered", "lost", "uncounted",
                  "kernel log", "unread at kill", "out of order", "s to drain"], rows,
                 text, ["l", "l", "l"] + ["r"] * 7)


def boot_name(mode):
    """A demo run's boot mode as the kernel command line has it."""
    return {"audit1": "audit=1", "default": "no audit="}.get(mode, mode)


def fig_stopped(base, text):
    runs = demo_rows(f"results/demo-{base}.json", "stopped",
                     lambda w: (w["kernel"] != "base", w["mode"], -int(w["wait_time"])))
    if runs is None:
        return NOT_MEASURED
    rows = [[kernel_name(w), w["mode"], w["wait_time"], w["calls"], seconds(w["p50_us"]),
             seconds(w["p99_us"]), seconds(w["max_us"]), w["lost"]] for w in runs]
    return table(["kernel", "boot", "backlog_wait_time", "calls", "p50 s", "p99 s", "max s",
                  "lost"], rows, text, ["l", "l"] + ["r"] * 6)


def fig_auditd(base, text):
    runs = demo_rows(f"results/auditd-{base}.json", None,
                     lambda f: (f["kernel"] != "base", f["mode"]))
    if runs is None:
        return NOT_MEASURED
    rows = []
    for f in runs:
        rows.append([kernel_name(f), boot_name(f["mode"]), f["generated"], f["logged"],
                     f["kernel_missing"], f["lost_delta"], f["out_of_order"],
                     f["left_by_auditd"], f["auditd_exits"]])
    if text:
        return table(["kernel", "boot", "events", "logged", "missing", "lost", "order",
                      "left", "exits"], rows, text, ["l", "l"] + ["r"] * 7)
    return table(["kernel", "boot", "events", "in the log", "missing (kernel)", "lost",
                  "out of order", "left at exits", "exits"], rows, text, ["l", "l"] + ["r"] * 7)


# ---- the bench

BENCH_ROWS = [
    ("syscall_audited_ns", "audited getppid()"),
    ("user_record_ns", "AUDIT_USER record"),
    ("user_record_long_ns", "AUDIT_USER record, 1,000 bytes"),
    ("delivery_rate", "delivery, records/s"),
    ("delivery_rate_long", "delivery of 1,000-byte records, records/s"),
    ("held_drain_ns", "drain of 8,192 held records"),
    ("user_record_no_auditd_ns", "AUDIT_USER record, no auditd"),
    ("user_record_slow_auditd_ns", "AUDIT_USER record, slow auditd"),
    ("user_msg_audit_off_ns", "AUDIT_USER message, auditing off"),
    ("syscall_unaudited_ns", "getppid() with no rule"),
    ("unix_dgram_floor_ns", "AF_UNIX datagram (floor)"),
]
TARGETS = {"syscall_audited_ns": "<= 0.85", "delivery_rate": ">= 1.25",
           "held_drain_ns": "<= 0.8"}


def newest_bench(base, bed):
    found = sorted(glob.glob(os.path.join(TOP, "bench", "results", f"*-{base}-{bed}.json")))
    return (json.load(open(found[-1])), os.path.basename(found[-1])) if found else (None, None)


def fig_bench(base, bed, text):
    res, name = newest_bench(base, bed)
    if not res:
        return f"(no bench results for {base}, bed {bed}: run make bench)\n"
    b, p = res["icount"]["base"]["median"], res["icount"]["patched"]["median"]
    rows = []
    for key, what in BENCH_ROWS:
        if key in b and key in p:
            rows.append([what, num(b[key]), num(p[key]), f"{p[key] / b[key]:.3f}",
                         TARGETS.get(key, "")])
    out = table(["workload", "unpatched", "series", "ratio", "target"], rows, text,
                ["l", "r", "r", "r", "l"])
    seeds = len(res['icount']['base']['seeds'])
    if text:
        # a cover letter names no file of ours
        return out + f"  Guest instructions under QEMU -icount, median of {seeds} boots.\n"
    note = (f"Guest instructions under QEMU -icount (median of {seeds} "
            f"boots), bed \"{bed}\", bench/results/{name}.")
    return out + "\n" + note + "\n"


POINT_ROWS = [("syscall_audited_ns", "getppid()"), ("user_record_ns", "AUDIT_USER"),
              ("user_record_long_ns", "AUDIT_USER 1,000 B"),
              ("held_drain_ns", "held drain")]


def fig_points(base, text):
    res = load(f"results/bench-points-{base}.json")
    if not res:
        return f"(no results/bench-points-{base}.json: run make bench-points)\n"
    rows = []
    for i, p in enumerate(res["points"]):
        f = p["figures"].get("min", {})
        label = "unpatched" if p["commit"] == "base" else (
            "backlog series" if i == 1 else f"+ patch {i - 1}")
        rows.append([label] + [num(f[k]) if k in f else "-" for k, _ in POINT_ROWS])
    out = table(["point"] + [w for _, w in POINT_ROWS], rows, text)
    if text:
        return out + "  Guest instructions under QEMU -icount, one boot per point.\n"
    note = ("Guest instructions under QEMU -icount, one boot per point, bed \"min\", "
            f"results/bench-points-{base}.json.")
    return out + "\n" + note + "\n"


def fig_summary(base, text):
    check = load(f"results/check-{base}.json") or {}
    demo = load(f"results/demo-{base}.json") or {}
    auditd = load(f"results/auditd-{base}.json") or []
    rows = []
    for r in demo.get("scenarios", []):
        if r["scenario"] != "slow":
            continue
        k = "unpatched" if r["kernel"] == "base" else "series"
        m = r["mode"]
        rows.append([f"slow auditd, 3,000 records, {m}", k,
                     f"{r['delivered']} delivered, {r['uncounted']} vanished, "
                     f"{r['out_of_order']} out of order"])
    for f in auditd:
        k = "unpatched" if f["kernel"] == "base" else "series"
        m = "audit=1" if f["mode"] == "audit1" else "no audit="
        rows.append([f"Debian's auditd restarted, stopped, killed, {m}", k,
                     f"{f['kernel_missing']} records missing on the kernel's side, "
                     f"{f['out_of_order']} out of order"])
    for bed in ("min", "distro"):
        res, _ = newest_bench(base, bed)
        if res:
            r = res["ratios"]
            rows.append([f"bench, bed {bed}", "series / unpatched",
                         f"audited getppid() {r['syscall_audited_ns']:.3f}, delivery "
                         f"{r['delivery_rate']:.3f}, held drain {r['held_drain_ns']:.3f}"])
    if check:
        rows.append(["make check, UML test cases", "series", f"{check['passed']} passed, {check['failed']} "
                     f"failed, {check['skipped']} skipped"])
    rows.sort(key=lambda r: (r[0], r[1] != "unpatched"))
    return table(["what", "kernel", "result"], rows, text, ["l", "l", "l"])


def fig_timings(base, text):
    data = load(f"results/timings-{base}.json") or {}
    smp = " (UML, and the SMP bed with KASAN)" if base == "6.12" else " (UML)"
    what = {"demo": "make demo", "check": "make check" + smp,
            "check-uml": "make check with SMP_SANS= (UML alone)",
            "check-full": "make check-full",
            "ci": ".ci/run (install-deps, base, make check)",
            "ci-uml": ".ci/run with SMP_SANS="}
    rows = []
    for job in ("demo", "check", "check-uml", "check-full", "ci", "ci-uml"):
        if job.endswith("-uml") and job not in data:
            continue
        t = data.get(job, {})

        def cell(start):
            if start not in t:
                return "not measured"
            return f"{t[start]['seconds'] // 60} min {t[start]['seconds'] % 60} s ({t[start]['date']})"
        rows.append([what[job], cell("cold"), cell("warm")])
    out = table(["command", "from a clean clone, empty ccache", "again, warm"], rows, text,
                ["l", "l", "l"])
    note = ("On 2 cores. The make rows leave install-deps and the unpacking of the "
            "base aside; the .ci/run row is all of it, as CI meets it: the first run "
            "installs Debian's linux-source package and the build tools.")
    return out + ("\n" + note + "\n" if not text else "  " + note + "\n")


FIGURES = {
    "timings": fig_timings,
    "kselftests": fig_kselftests,
    "check": fig_check,
    "demo": fig_demo,
    "stopped": fig_stopped,
    "auditd": fig_auditd,
    "bench-min": lambda base, text: fig_bench(base, "min", text),
    "bench-distro": lambda base, text: fig_bench(base, "distro", text),
    "summary": fig_summary,
    "points": fig_points,
    "smp": fig_smp,
    "stress": fig_stress,
    "kcsan-base": fig_kcsan_base,
}


def fill(path, base, check_only):
    text = path.endswith(".cover")
    old = open(path).read()

    def repl(m):
        name = m.group(2)
        if name not in FIGURES:
            sys.exit(f"{path}: unknown figure '{name}' (one of {', '.join(FIGURES)})")
        return m.group(1) + FIGURES[name](base, text) + m.group(4)
    new = BLOCK.sub(repl, old)
    if new == old:
        return True
    if check_only:
        print(f"figures: {os.path.relpath(path, TOP)} is not what the results make "
              "(run make figures)")
        return False
    open(path, "w").write(new)
    print(f"figures: wrote {os.path.relpath(path, TOP)}")
    if text:
        sync_letter(path, old, new)
    return True


def letter_text(cover):
    """A .cover's text as scripts/export.sh puts it into the cover letter."""
    lines = [l for l in cover.split("\n")
             if not (l.startswith("<!-- fig:") or l == "<!-- /fig -->")]
    return "\n".join(lines[1:]).strip("\n")


def sync_letter(path, old, new):
    """Carry a .cover's new figures into the exported cover letter beside
    it (NAME/0000-cover-letter.patch), as make export would, so that make
    figures alone leaves the series consistent."""
    letter = os.path.join(path[:-len(".cover")], "0000-cover-letter.patch")
    if not os.path.exists(letter):
        return
    patch = open(letter).read()
    if patch.count(letter_text(old)) != 1:
        # make check's export check names it if make export is not run
        print(f"figures: {os.path.relpath(letter, TOP)} does not hold the text of "
              f"{os.path.relpath(path, TOP)}: run make export")
        return
    open(letter, "w").write(patch.replace(letter_text(old), letter_text(new)))
    print(f"figures: wrote {os.path.relpath(letter, TOP)}")


def main():
    args = sys.argv[1:]
    check_only = "--check" in args
    args = [a for a in args if a != "--check"]
    todo = []
    if args[:1] == ["--covers"] and len(args) == 2:
        bases = [args[1]]
    elif not args:
        bases = [os.path.basename(d) for d in sorted(glob.glob(os.path.join(TOP, "bases", "*")))]
        todo = [(p, "6.12") for p in [os.path.join(TOP, "README.md")] +
                sorted(glob.glob(os.path.join(TOP, "docs", "*.md")))]
    else:
        sys.exit(__doc__)
    for base in bases:
        todo += [(p, base) for p in sorted(glob.glob(os.path.join(TOP, "bases", base, "*.cover")))]
    ok = all([fill(p, base, check_only) for p, base in todo])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
