#!/usr/bin/env python3
"""Tests of the harness's parsers (report.py, auditd_check.py) on logs in
the formats they read: kselftest_harness TAP of 6.12 and of 6.1, the TAP of
the clients, kernel CI's runner output, console logs with checker reports,
and auditd's log.

usage: test_parsers.py [-v]          (python3 -m unittest, as a script)
"""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import auditd_check  # noqa: E402
import figures  # noqa: E402
import report  # noqa: E402

# kselftest_harness.h of 6.12: a skipped case keeps its name
TAP_612 = """\
TAP version 13
1..4
# Starting 4 tests from 2 test cases.
#  RUN           audit.register_unregister ...
#            OK  audit.register_unregister
ok 1 audit.register_unregister
#  RUN           audit.held_flow_on_register ...
#      SKIP      needs audit=1
#            OK  audit.held_flow_on_register
ok 2 audit.held_flow_on_register # SKIP needs audit=1
#  RUN           audit.sigkill_unread ...
# backlog_test.c:812:sigkill_unread:Expected 0 (0) == missing (228)
# sigkill_unread: Test failed
#          FAIL  audit.sigkill_unread
not ok 3 audit.sigkill_unread
#  RUN           audit_off.skips ...
#            OK  audit_off.skips
ok 4 audit_off.skips
# FAILED: 3 / 4 tests passed.
# Totals: pass:2 fail:1 xfail:0 xpass:0 skip:1 error:0
"""

# kselftest_harness.h of 6.1: a skipped case's line has no name
TAP_61 = """\
TAP version 13
1..2
#  RUN           audit.held_flow_on_register ...
#      SKIP      needs audit=1
#            OK  audit.held_flow_on_register
ok 1 # SKIP needs audit=1
#  RUN           audit.unread_then_read ...
#            OK  audit.unread_then_read
ok 2 audit.unread_then_read
"""

CLIENT_TAP = """\
TAP version 13
1..3
ok 1 hostile: AUDIT_SET from an unprivileged socket is refused
ok 2 hostile: a forged record type # SKIP needs CAP_NET_ADMIN
not ok 3 hostile: nothing lost # 4 records missing
"""

KCI_TAP = """\
TAP version 13
1..1
# timeout set to 300
# selftests: audit: backlog_test
# # Totals: pass:20 fail:0 xfail:0 xpass:0 skip:3 error:0
ok 1 selftests: audit: backlog_test
"""

CONSOLE = """\
[    0.000000] KernelAddressSanitizer initialized
[    0.120000] kmemleak: Kernel memory leak detector initialized (mem pool available: 15706)
[    1.000000] guest: running kselftests
[    1.100000]     # drain_one_pass: WARNING: quoted by a test, not a report
[    2.000000] BUG: KASAN: slab-use-after-free in kauditd_reclaim+0x1c/0x200
[    2.100000] BUG: KCSAN: data-race in audit_log_start / kauditd_thread
[    2.200000] WARNING: CPU: 1 PID: 32 at kernel/audit.c:901 kauditd_thread+0x2f/0x90
[    2.300000] BUG: scheduling while atomic: kauditd/32/0x00000002
[    2.400000] BUG: sleeping function called from invalid context at mm/slab.c:1
[    2.500000] WARNING: possible circular locking dependency detected
[    2.600000] BUG: KMSAN: uninit-value in kauditd_print_record+0x1/0x2
[    3.000000] guest: done
"""

AUDITD_LOG = """\
type=DAEMON_START msg=audit(1.000:1): op=start ver=3.0.9
type=SYSCALL msg=audit(1.001:10): arch=c000003e syscall=110 success=yes exit=1 a0=a0d17 a1=0 a2=0 a3=0
type=PROCTITLE msg=audit(1.001:10): proctitle=61756469742D6C6F6164
type=SYSCALL msg=audit(1.002:11): arch=c000003e syscall=110 success=yes exit=1 a0=a0d17 a1=0 a2=1 a3=0
type=SYSCALL msg=audit(1.003:12): arch=c000003e syscall=39 success=yes exit=1 a0=0 a1=0 a2=0 a3=0
type=SYSCALL msg=audit(1.002:11): arch=c000003e syscall=110 success=yes exit=1 a0=a0d17 a1=0 a2=1 a3=0
type=1300 msg=audit(1.004:9): arch=c000003e syscall=110 success=yes exit=1 a0=a0d17 a1=1 a2=0 a3=0
"""


def write_run(files):
    """A run folder holding @files ({name: text}); the caller removes it."""
    run = tempfile.mkdtemp(prefix="run-")
    for name, text in files.items():
        with open(os.path.join(run, name), "w") as f:
            f.write(text)
    return run


class ParseTap(unittest.TestCase):
    def test_612(self):
        self.assertEqual(report.parse_tap(TAP_612), [
            ("audit.register_unregister", "pass", ""),
            ("audit.held_flow_on_register", "skip", "needs audit=1"),
            ("audit.sigkill_unread", "fail", ""),
            ("audit_off.skips", "pass", ""),
        ])

    def test_61_skip_takes_the_name_of_its_run_line(self):
        self.assertEqual(report.parse_tap(TAP_61), [
            ("audit.held_flow_on_register", "skip", "needs audit=1"),
            ("audit.unread_then_read", "pass", ""),
        ])

    def test_comments_and_plan_are_not_cases(self):
        self.assertEqual(report.parse_tap("TAP version 13\n1..0\n# ok 1 quoted\n"), [])


class ClientTap(unittest.TestCase):
    def cases(self, out, rc="0"):
        run = write_run({"job.out": out, "job.rc": rc})
        try:
            return report.tap_cases(run, "hostile")
        finally:
            for name in os.listdir(run):
                os.remove(os.path.join(run, name))
            os.rmdir(run)

    def test_cases(self):
        rows = self.cases(CLIENT_TAP)
        self.assertEqual([r[2] for r in rows], ["pass", "skip", "fail"])
        self.assertEqual(rows[2][3], "4 records missing")

    def test_a_run_cut_short_fails(self):
        cut = "\n".join(CLIENT_TAP.splitlines()[:3]) + "\n"
        rows = self.cases(cut, rc="124")
        self.assertEqual(rows[-1][1:3], ("the run finished", "fail"))
        self.assertIn("exit 124, 1 cases of 3", rows[-1][3])

    def test_no_plan_fails(self):
        rows = self.cases("ok 1 something\n")
        self.assertEqual(rows[-1][2], "fail")


# audit-stress's table, in the widths its printf()s give
STRESS_OUT = "".join([
    "stress: producer 0 (AUDIT_USER) pinned to CPU 0\n",
    "stress: producer 1 (getppid) pinned to CPU 1\n",
    "# %-44s %10s\n" % ("", "records"),
    "# %-44s %10d\n" % ("AUDIT_USER records generated", 9000),
    "# %-44s %10d\n" % ("= records generated", 12345),
    "# %-44s %10d\n" % ("delivered to the daemons, distinct", 12000),
    "# %-44s %10d\n" % ("counted lost (growth of 'lost')", 300),
    "# %-44s %10d\n" % ("kernel log (no auditd registered)", 45),
    "# %-44s %10d\n" % ("missing, not counted", -3),
    "# %-44s %10d\n" % ("delivered twice", 7),
    "# flaps survived: 31 (stop/cont 9, kill 4, unregister 5, handover 6, "
    "rcvbuf 4, new daemon 3), daemons 12\n",
    "# faults injected: failslab 120, fail_page_alloc 3; AUDIT_USER sends "
    "refused 17\n",
])


class StressFigures(unittest.TestCase):
    def test_figures(self):
        self.assertEqual(report.stress_figures(STRESS_OUT), {
            "generated": "12345", "delivered": "12000", "lost": "300",
            "logged": "45", "uncounted": "-3", "flaps": "31", "faults": "123",
            "pinned": "0:0 1:1"})

    def test_a_run_that_printed_nothing(self):
        self.assertEqual(report.stress_figures("audit-stress: died\n"), {})


class KernelCi(unittest.TestCase):
    def ways(self, tap, rc="0"):
        run = write_run({"run_kselftest.tap": tap, "run_kselftest.rc": rc,
                         "run_tests.tap": tap, "run_tests.rc": rc})
        try:
            return [r[2] for r in report.kernel_ci_cases(run)]
        finally:
            for name in os.listdir(run):
                os.remove(os.path.join(run, name))
            os.rmdir(run)

    def test_pass(self):
        self.assertEqual(self.ways(KCI_TAP), ["pass", "pass"])

    def test_a_failed_case_fails_it(self):
        self.assertEqual(self.ways(KCI_TAP.replace("fail:0", "fail:1")), ["fail", "fail"])

    def test_a_skipped_test_fails_it(self):
        self.assertEqual(self.ways(KCI_TAP.replace("backlog_test\n", "backlog_test # SKIP\n")),
                         ["fail", "fail"])

    def test_exit_status_fails_it(self):
        self.assertEqual(self.ways(KCI_TAP, rc="1"), ["fail", "fail"])


class Checkers(unittest.TestCase):
    def test_reports(self):
        found = [f.split(":", 1)[0] for f in report.checker_reports(CONSOLE)]
        self.assertEqual(found, ["BUG", "KCSAN", "WARN", "BUG", "BUG", "WARN", "KMSAN"])

    def test_benign_lines(self):
        benign = "\n".join(l for l in CONSOLE.splitlines() if "BUG" not in l
                           and "WARNING: CPU" not in l and "circular" not in l)
        self.assertEqual(report.checker_reports(benign), [])

    def test_a_run_that_did_not_finish(self):
        run = write_run({})
        try:
            problems = report.checks_of_kernel(run, CONSOLE.replace("guest: done", ""))
        finally:
            os.rmdir(run)
        self.assertIn("guest did not finish (crash or timeout, see console.log)", problems)


class RaceTitle(unittest.TestCase):
    def test_titles(self):
        titles = [figures.race_title(f) for f in report.checker_reports(CONSOLE)]
        self.assertEqual([t for t in titles if t],
                         ["data-race in audit_log_start / kauditd_thread"])
        self.assertIsNone(figures.race_title("BUG: KCSAN: in a BUG line, not a report"))


class Kunit(unittest.TestCase):
    def test_skipped_parents(self):
        text = ("[    1.0] ok 3 drain_trim # SKIP audit is disabled\n"
                "    ok 4 drain_reclaim\n"
                "ok 5 audit_drain # SKIP audit is disabled\n")
        self.assertEqual(report.kunit_skipped_parents(text), {"drain_trim", "audit_drain"})


class Expect(unittest.TestCase):
    def test_lines(self):
        with tempfile.NamedTemporaryFile("w", suffix=".expect") as f:
            f.write("# comment\naudit1 audit.a audit: fix a\n"
                    "default? audit.b audit: fix b  # sometimes\n")
            f.flush()
            self.assertEqual(report.parse_expect(f.name), [
                ("audit1", "audit.a", "audit: fix a"),
                ("default?", "audit.b", "audit: fix b"),
            ])

    def test_a_bad_mode_is_an_error(self):
        with tempfile.NamedTemporaryFile("w", suffix=".expect") as f:
            f.write("always audit.a audit: fix a\n")
            f.flush()
            with self.assertRaises(SystemExit) as e:
                report.parse_expect(f.name)
            self.assertIn(":1: want 'MODE CASE SUBJECT'", str(e.exception))


class AuditdStream(unittest.TestCase):
    def test_events(self):
        events, types, extra = auditd_check.parse_stream(AUDITD_LOG)
        # the getppid(0xa0d17, ID, SEQ) calls only, each serial once, in
        # the order they appear; the copy of serial 11 is counted apart
        self.assertEqual(events, [(10, (0, 0)), (11, (0, 1)), (9, (1, 0))])
        self.assertEqual(types[10], ["SYSCALL", "PROCTITLE"])
        self.assertEqual(extra, 1)
        # serial 9 after 11 is another producer's: in order for each one
        self.assertEqual(auditd_check.out_of_order(events), 0)

    def test_order(self):
        # a producer's own events out of order
        self.assertEqual(auditd_check.out_of_order(
            [(5, (0, 1)), (6, (0, 0)), (7, (1, 0))]), 1)
        # against the multicast stream: serials do not matter, its order does
        ref = [(9, (1, 0)), (10, (0, 0)), (11, (0, 1))]
        self.assertEqual(auditd_check.out_of_order(
            [(10, (0, 0)), (9, (1, 0)), (11, (0, 1))], ref), 1)
        self.assertEqual(auditd_check.out_of_order(
            [(9, (1, 0)), (10, (0, 0)), (12, (2, 0)), (11, (0, 1))], ref), 0)


def audit_lines(recs):
    """Log lines for [(serial, kind, producer, seq)]."""
    out = []
    for serial, kind, prod, seq in recs:
        rest = (f"arch=c000003e syscall=110 a0=a0d17 a1={prod:x} a2={seq:x}"
                if kind == "SYSCALL" else "proctitle=737472657373")
        out.append(f"type={kind} msg=audit(1.000:{serial}): {rest}")
    return "\n".join(out) + "\n"


class LeftByAuditd(unittest.TestCase):
    # Two events end at once on two CPUs: 11 began first, so its serial is
    # lower, but its records are queued after event 12's SYSCALL.  A killed
    # auditd logged 10 and 12's SYSCALL, and never got the rest; the next
    # one logged 13.
    STREAM = [(10, "SYSCALL", 0, 0), (10, "PROCTITLE", 0, 0),
              (12, "SYSCALL", 1, 0), (11, "SYSCALL", 0, 1),
              (11, "PROCTITLE", 0, 1), (12, "PROCTITLE", 1, 0),
              (13, "SYSCALL", 0, 2), (13, "PROCTITLE", 0, 2)]

    def left(self, logged_first, logged_next):
        start = "type=DAEMON_START msg=audit(1.000:1): auditd start\n"
        log = (start + audit_lines(logged_first) + start + audit_lines(logged_next))
        mc = audit_lines(self.STREAM)
        m_events, m_types, _ = auditd_check.parse_stream(mc)
        _, types, _ = auditd_check.parse_stream(log)
        return auditd_check.left_by_auditd(log, mc, m_events, m_types, types)

    def test_queue_order_not_serials(self):
        # 12's PROCTITLE and all of 11 left the queue after the last record
        # the first auditd logged: left at its exit, not on the kernel's side
        self.assertEqual(self.left(self.STREAM[:3], self.STREAM[6:]), (3, 0, 1))

    def test_a_record_missing_inside_an_instance(self):
        # 10's PROCTITLE left the queue before records the auditd logged
        self.assertEqual(self.left([self.STREAM[0], self.STREAM[2]], self.STREAM[6:]),
                         (3, 1, 1))

if __name__ == "__main__":
    unittest.main()
