#!/usr/bin/env python3
"""Judge guest runs: KUnit, kselftests and the kernel's own checkers.

usage: report.py [--no-known-failures] [--expect FILE] [--json FILE] SRC_TREE RUN_DIR...

For each run folder written by run-guest.sh it reads:
  console.log    KUnit TAP (parsed with the tree's kunit.py) and the
                 kernel's checker reports
  kselftest.tap  the kselftests' TAP
  kmemleak.txt   the kmemleak scan taken after the tests
A run of guest/auditd-scenario.sh (Debian's auditd) is judged by
auditd_check.py instead of KUnit and the kselftests, which the kselftest
runs of the same kernel already count; a run of guest/stress.sh or of
clients/audit-hostile by the TAP that the program printed (job.out).

Known failures come from the harness, never from the series: --expect
names a file (bases/BASE/expect) whose lines say which kselftest case fails
in which boot mode until which patch of the series fixes it.  A case is
expected to fail on a kernel built from a commit that lacks that patch
(the run's info says which commit; the tree says which patches it holds):
if it fails, it counts as passed (XFAIL); if it passes, that is a failure
(XPASS), unless its mode ends with "?" (a defect that shows in some runs
only).  --no-known-failures judges every case as it is, to show what fails
on the unpatched base.  The last line is "N passed, N failed, N skipped"
over every case of every run; the exit status is 1 if anything failed.
--json writes every case of every run to FILE as well (scripts/figures.py
takes its tables from there).
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import auditd_check  # noqa: E402
from auditd_check import read  # noqa: E402,F401  (demo-table.py takes it from here)

# Lines in a console log that mean the kernel's checkers found something.
CHECKERS = [
    # before "BUG: ": their reports begin "BUG: KCSAN: data-race in ..."
    (re.compile(r"KCSAN"), "KCSAN"),
    (re.compile(r"KMSAN"), "KMSAN"),
    (re.compile(r"WARNING:"), "WARN"),
    (re.compile(r"------------\[ cut here \]------------"), "WARN/BUG"),
    (re.compile(r"\bBUG: "), "BUG"),
    (re.compile(r"\bBUG at "), "BUG"),
    (re.compile(r"kernel BUG"), "BUG"),
    (re.compile(r"Oops"), "Oops"),
    (re.compile(r"Kernel panic"), "panic"),
    (re.compile(r"KASAN"), "KASAN"),
    (re.compile(r"UBSAN"), "UBSAN"),
    (re.compile(r"possible recursive locking"), "lockdep"),
    (re.compile(r"possible circular locking"), "lockdep"),
    (re.compile(r"inconsistent lock state"), "lockdep"),
    (re.compile(r"INFO: possible"), "lockdep"),
    (re.compile(r"=====================================================$"), "lockdep/KASAN"),
    (re.compile(r"suspicious RCU usage"), "RCU"),
    (re.compile(r"scheduling while atomic"), "atomic sleep"),
    (re.compile(r"sleeping function called from invalid context"), "atomic sleep"),
    (re.compile(r"unreferenced object"), "kmemleak"),
    (re.compile(r"kmemleak: .*(new suspected|leak)"), "kmemleak"),
    (re.compile(r"hung_task|blocked for more than"), "hung task"),
    (re.compile(r"RCU stall|rcu_sched detected stalls"), "RCU stall"),
]

# Lines that match a pattern above but are not reports.
BENIGN = [
    re.compile(r"kmemleak: Kernel memory leak detector initialized"),
    re.compile(r"kmemleak: Automatic memory scanning thread"),
    re.compile(r"KernelAddressSanitizer initialized"),
    re.compile(r"kasan: "),
    # test output quoting a word, after printk's time stamp if any
    re.compile(r"^(\[[ \d.]+\] )?\s*(# |ok |not ok )"),
    re.compile(r"guest: "),
]


def checker_reports(console):
    found = []
    for line in console.splitlines():
        if any(b.search(line) for b in BENIGN):
            continue
        for pat, what in CHECKERS:
            if pat.search(line):
                found.append(f"{what}: {line.strip()}")
                break
    return found


def parse_tap(text):
    """Return [(name, status, detail)] from kselftest_harness TAP.  The
    harness of 6.1 leaves the name out of a skipped case's line ("ok 3 #
    SKIP reason"): it is then the one its "#  RUN" line named."""
    cases = []
    running = "?"
    for line in text.splitlines():
        run = re.match(r"^#\s+RUN\s+(\S+) \.\.\.", line)
        if run:
            running = run.group(1)
            continue
        m = re.match(r"^(not ok|ok) \d+ (?:(?!#)(\S+))?(?:\s*#\s*(\w+)\s*(.*))?", line)
        if not m:
            continue
        status = "pass" if m.group(1) == "ok" else "fail"
        directive = (m.group(3) or "").upper()
        if directive == "SKIP":
            status = "skip"
        cases.append((m.group(2) or running, status, m.group(4) or ""))
    return cases


def kunit_skipped_parents(text):
    """The names of the KUnit cases reported skipped as a whole.  The KUnit
    of 6.1 prints the parameters of such a case as "ok", without "# SKIP":
    they are skipped too."""
    return set(re.findall(r"^(?:\[[ \d.]+\] )?\s*ok \d+ (.+?) # SKIP", text, re.M))


def kunit_cases(src, console_path):
    """Parse KUnit output with the tree's own kunit.py; [(name, status)]."""
    kunit = os.path.join(src, "tools/testing/kunit/kunit.py")
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        # kunit.py changes into the tree: give it absolute paths.
        proc = subprocess.run(
            [sys.executable, kunit, "parse", "--json=" + js.name,
             os.path.abspath(console_path)],
            capture_output=True, text=True)
        try:
            with open(js.name) as f:
                data = json.load(f)
        except (OSError, ValueError):
            data = None
    cases = []
    with open(console_path, errors="replace") as f:
        skipped = kunit_skipped_parents(f.read())

    def walk(node, path):
        for case in node.get("test_cases") or []:
            status = {"PASS": "pass", "SKIP": "skip"}.get(case.get("status"), "fail")
            if status == "pass" and path and path[-1] in skipped:
                status = "skip"
            cases.append((".".join(path + [case.get("name", "?")]), status))
        for group in node.get("sub_groups") or []:
            walk(group, path + [group.get("name", "?")])

    if data:
        walk(data, [])
    return cases, proc.stdout + proc.stderr


def parse_expect(path):
    """[(mode, case, subject)] from an expect file.

    Each line: a boot mode (audit1, default or any, with a trailing "?" for
    a case that fails in some runs only), the kselftest case, and the
    subject of the patch that makes it pass.
    """
    entries = []
    for n, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split(None, 2)
        if len(fields) < 3 or fields[0].rstrip("?") not in ("audit1", "default", "any"):
            sys.exit(f"{path}:{n}: want 'MODE CASE SUBJECT', got {line!r}")
        entries.append(tuple(fields))
    return entries


def series_subjects(expect):
    """Subjects of every patch in the series folders beside @expect."""
    subjects = set()
    for patch in glob.glob(os.path.join(os.path.dirname(expect), "*", "0*.patch")):
        text = open(patch, errors="replace").read()
        m = re.search(r"^Subject: (?:\[[^]]*\] )?(.*(?:\n [^\n]*)*)", text, re.M)
        if m and not patch.endswith("0000-cover-letter.patch"):
            subjects.add(re.sub(r"\n ", " ", m.group(1)).strip())
    return subjects


def applied_subjects(src, commit):
    """Subjects of the commits base..@commit of the tree: what the kernel holds."""
    out = subprocess.run(["git", "-C", src, "log", "--format=%s", f"base..{commit}"],
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"cannot list base..{commit} in {src}: {out.stderr.strip()}")
    return set(out.stdout.splitlines())


def known_failures(expect, src, commit, mode):
    """Cases expected to fail on a kernel of @commit, in boot mode @mode.

    Returns {name: (fixed by, sometimes)}.
    """
    if not expect:
        return {}
    entries = parse_expect(expect)
    subjects = series_subjects(expect)
    unknown = [subj for _, _, subj in entries if subj not in subjects]
    if unknown:
        sys.exit(f"{expect}: no patch of the series has the subject {unknown[0]!r}")
    applied = applied_subjects(src, commit)
    known = {}
    for when, name, subject in entries:
        if subject not in applied and when.rstrip("?") in ("any", mode):
            known[name] = (f"until \"{subject}\"", when.endswith("?"))
    return known


def judge(src, run, expect):
    info = dict(l.split("=", 1) for l in (read(f"{run}/info") or "").split("\n") if "=" in l)
    mode = info.get("mode", "?")
    label = f"{info.get('kernel', '?')}/{mode}"
    if info.get("bed"):
        label = f"{info['bed']} {label}"
    console = read(f"{run}/console.log") or ""
    rows, problems = [], []

    if info.get("job", "").endswith("kernel-ci.sh"):
        label += " kernel CI"
        rows += kernel_ci_cases(run)
        problems += checks_of_kernel(run, console)
        return label, info, rows, problems

    if info.get("job", "").endswith("stress.sh"):
        label += f" stress ({info.get('env', '')})"
        rows += tap_cases(run, "stress")
        info = dict(info, **stress_figures(read(f"{run}/job.out") or ""))
        if int(info.get("cpus", "1")) > 1:
            rows.append(("stress", "producers pinned to different CPUs",
                         "pass" if len(set(p.split(":")[1] for p in
                                           info.get("pinned", "").split())) > 1
                         else "fail", info.get("pinned", "none pinned")))
        problems += checks_of_kernel(run, console)
        return label, info, rows, problems

    if info.get("job", "").endswith("audit-hostile"):
        label += " hostile input"
        rows += tap_cases(run, "hostile")
        problems += checks_of_kernel(run, console)
        return label, info, rows, problems

    if info.get("job", "").endswith("auditd-scenario.sh"):
        label += " auditd scenario"
        _, cases = auditd_check.check(run)
        for name, ok, detail in cases:
            rows.append(("auditd", name, "pass" if ok else "fail", detail))
        problems += checks_of_kernel(run, console)
        return label, info, rows, problems

    kcases, kout = kunit_cases(src, f"{run}/console.log")
    for name, status in kcases:
        rows.append(("kunit", name, status, ""))

    tap = read(f"{run}/kselftest.tap")
    known = known_failures(expect, src, info.get("commit", "HEAD"), mode)
    if tap is None:
        problems.append("no kselftest output (guest did not run the tests)")
    else:
        cases = parse_tap(tap)
        if not cases:
            problems.append("kselftest TAP has no test cases")
        for name, status, detail in cases:
            defect, sometimes = known.get(name, (None, False))
            if defect and status == "fail":
                status, detail = "xfail", defect
            elif defect and status == "pass" and not sometimes:
                status, detail = "fail", f"XPASS: expected to fail {defect}"
            rows.append(("kselftest", name, status, detail))
        rc = (read(f"{run}/kselftest.rc") or "").strip()
        if rc == "124":
            problems.append("kselftests timed out")

    problems += checks_of_kernel(run, console)
    return label, info, rows, problems


STRESS_ROWS = {
    "= records generated": "generated",
    "delivered to the daemons, distinct": "delivered",
    "counted lost (growth of 'lost')": "lost",
    "kernel log (no auditd registered)": "logged",
    "missing, not counted": "uncounted",
}


def stress_figures(out):
    """The figures of an audit-stress run, from the table it printed:
    records generated, delivered, counted lost, sent to the kernel log and
    missing; the flaps survived; the faults injected; the CPUs the producers
    were pinned to.  Strings, as the rest of a run's info."""
    fig = {}
    for line in out.splitlines():
        m = re.match(r"^# (.+?)\s{2,}(-?\d+)$", line)
        if m and m.group(1).strip() in STRESS_ROWS:
            fig[STRESS_ROWS[m.group(1).strip()]] = m.group(2)
        m = re.match(r"^# flaps survived: (\d+)", line)
        if m:
            fig["flaps"] = m.group(1)
        m = re.match(r"^# faults injected: failslab (\d+), fail_page_alloc (\d+)", line)
        if m:
            fig["faults"] = str(int(m.group(1)) + int(m.group(2)))
        m = re.match(r"^stress: producer (\d+) .* pinned to CPU (\d+)$", line)
        if m:
            fig["pinned"] = (fig.get("pinned", "") + f" {m.group(1)}:{m.group(2)}").strip()
    return fig


def tap_cases(run, kind):
    """The cases of a clients/ program's run (audit-stress, audit-hostile),
    from the TAP it printed.

    Its plan ("1..N") must be there and match the cases: a run that died
    half way, or timed out, fails here rather than passing on fewer cases.
    """
    out = read(f"{run}/job.out") or ""
    rows = []
    for line in out.splitlines():
        m = re.match(r"^(not ok|ok) \d+ (.*?)(?: # (.*))?$", line)
        if m:
            detail = m.group(3) or ""
            status = "pass" if m.group(1) == "ok" else "fail"
            if status == "pass" and detail.startswith("SKIP"):
                status = "skip"
            rows.append((kind, m.group(2), status, detail))
    plan = re.search(r"^1\.\.(\d+)$", out, re.M)
    rc = (read(f"{run}/job.rc") or "").strip()
    if not plan or int(plan.group(1)) != len(rows):
        last = [l for l in out.splitlines() if l.startswith("audit-")]
        rows.append((kind, "the run finished", "fail",
                     f"exit {rc or '?'}, {len(rows)} cases of "
                     f"{plan.group(1) if plan else '?'}"
                     + (f": {last[-1]}" if last else "")))
    return rows


def kernel_ci_cases(run):
    """The audit kselftests as run_kselftest.sh and make run_tests ran them.

    Each way is one case: its exit status is 0, its own TAP line says
    "ok ... selftests: audit: backlog_test", and the test's totals, which
    the kselftest runner prefixes with "# ", count passes and no failure.
    """
    rows = []
    for way, name in (("run_kselftest", "run_kselftest.sh from kselftest.tar.gz"),
                      ("run_tests", "make -C tools/testing/selftests TARGETS=audit run_tests")):
        tap = read(f"{run}/{way}.tap") or ""
        rc = (read(f"{run}/{way}.rc") or "").strip()
        line = re.search(r"^(ok|not ok) \d+ selftests: audit: backlog_test(.*)$", tap, re.M)
        totals = re.search(r"# Totals: pass:(\d+) fail:(\d+)", tap)
        ok = (rc == "0" and line and line.group(1) == "ok" and "SKIP" not in line.group(2)
              and totals and int(totals.group(1)) > 0 and totals.group(2) == "0")
        detail = (f"exit {rc or '?'}, {line.group(0) if line else 'no result line'}, "
                  f"{totals.group(0).lstrip('# ') if totals else 'no totals'}")
        rows.append(("kernel-ci", name, "pass" if ok else "fail", detail))
    return rows


def checks_of_kernel(run, console):
    """What the kernel's checkers and the guest's end say about a run."""
    problems = list(checker_reports(console))
    leaks = read(f"{run}/kmemleak.txt") or ""
    if "unreferenced object" in leaks:
        problems.append("kmemleak: %d unreferenced objects (see %s/kmemleak.txt)"
                        % (leaks.count("unreferenced object"), run))
    if "guest: done" not in console:
        problems.append("guest did not finish (crash or timeout, see console.log)")
    return problems


def main():
    args = sys.argv[1:]
    expect = None
    if "--no-known-failures" in args:
        args.remove("--no-known-failures")
    if "--expect" in args:
        i = args.index("--expect")
        expect = args[i + 1]
        del args[i:i + 2]
    out = None
    if "--json" in args:
        i = args.index("--json")
        out = args[i + 1]
        del args[i:i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    src = args[0]
    totals = {"pass": 0, "fail": 0, "skip": 0, "xfail": 0}
    results = []
    for run in args[1:]:
        label, info, rows, problems = judge(src, run, expect)
        results.append({"run": os.path.basename(run), "label": label, "info": info,
                        "cases": [{"kind": k, "name": n, "status": st, "detail": d}
                                  for k, n, st, d in rows],
                        "problems": problems})
        print(f"== {label}: {info.get('base_package', '?')} "
              f"sha256 {info.get('base_sha256', '?')[:16]}..., commit "
              f"{info.get('commit', '?')[:12]}")
        for kind, name, status, detail in rows:
            mark = {"pass": "PASS ", "fail": "FAIL ", "skip": "SKIP ",
                    "xfail": "XFAIL"}[status]
            print(f"  {mark} {kind:9} {name}" + (f"  ({detail})" if detail else ""))
            totals[status] += 1
        for p in problems:
            print(f"  FAIL  checker   {p}")
            totals["fail"] += 1
        print(f"  console log: {run}/console.log")
    if totals["xfail"]:
        print(f"{totals['xfail']} expected failures, counted as passed ({expect})")
    passed = totals["pass"] + totals["xfail"]
    if out:
        with open(out, "w") as f:
            json.dump({"runs": results, "passed": passed, "failed": totals["fail"],
                       "skipped": totals["skip"], "xfail": totals["xfail"]},
                      f, indent=1, sort_keys=True)
            f.write("\n")
    print(f"{passed} passed, {totals['fail']} failed, {totals['skip']} skipped")
    sys.exit(1 if totals["fail"] else 0)


if __name__ == "__main__":
    main()
