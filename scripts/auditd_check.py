#!/usr/bin/env python3
"""Judge a run of guest/auditd-scenario.sh: Debian's auditd and a multicast
listener against what the producers generated.

usage: auditd_check.py RUN_DIR...          (prints the findings of each run)
       auditd_check.py --table [--json FILE] RUN_DIR...
                                           (the demo's table, a column per run;
                                           --json writes its figures to FILE)

Each producer made the audited calls getppid(0xa0d17, ID, SEQ) for SEQ in
0 .. N-1, and said N in producers.txt.  An event is the records that share
one audit serial: SYSCALL, whose a1/a2 say ID and SEQ, and PROCTITLE.

Where auditd itself loses records.  The kernel cannot see a record once
auditd has read it from its socket, and Debian's auditd 3.0.9 loses some
there, each time it goes:
  - on SIGTERM it asks the kernel who signalled it, and reads and discards
    up to 30 messages while it waits for the answer (get_reply() in
    src/auditd.c), records included;
  - on SIGKILL it loses what it had read and not yet written.
Such records are missing right where one auditd instance ends and the next
begins, between the last serial the first one logged and the first serial
the next one logged.  They are counted apart, as "left by auditd", up to
TERM_ALLOWANCE or KILL_ALLOWANCE records per exit; a larger gap there, or a
gap anywhere else, is the kernel's.  The records the kernel sent and auditd
never read are the kernel's to deliver again, so a socket full of unread
records at a kill shows up as a gap over the allowance.

Without audit=1, the records kauditd handles while no auditd is registered
go to the kernel log, by design: on such a system the kernel log is where
records go while auditd restarts.  They are missing at the same place,
where one instance ends and the next begins, and in that mode every record
missing there is counted apart, as "kernel log, no auditd", with what
auditd itself lost; only a gap anywhere else is the kernel's.

Checks, each one case for report.py:
  auditd: every event once        no event missing but those left by auditd,
                                  none twice
  auditd: queue order             events appear in the log in the order the
                                  multicast listener got them, which is the
                                  order kauditd took them from its queue
  auditd: gap equals lost delta   records missing, but those left by auditd,
                                  == lost after - lost before
  ausearch and aureport agree     both tools count the events found here
  multicast: every record once    the listener got every record, no copies
  multicast: each producer's order  each producer's events in the order it
                                  made them
Serial order is not the order of the queue on SMP: a serial is taken when an
event starts, and an event made on another CPU may be queued before an older
one; so no check compares serials.
"""

import json
import re
import sys

MAGIC = 0xa0d17
RECORD = re.compile(r"type=(\S+) msg=audit\(\d+\.\d+:(\d+)\): (.*)")
FIELD = re.compile(r"\b(a0|a1|a2|syscall)=([0-9a-f]+)\b")
# SYSCALL and PROCTITLE as auditd's RAW log names them, or as numbers
TYPES = {"SYSCALL": "SYSCALL", "1300": "SYSCALL",
         "PROCTITLE": "PROCTITLE", "1327": "PROCTITLE"}
EXPECTED_TYPES = ("SYSCALL", "PROCTITLE")
DAEMON = re.compile(r"type=(DAEMON_START|DAEMON_END|1200|1202) msg=audit\(\d+\.\d+:\d+\)")
# records auditd 3.0.9 may lose by itself at each exit, see above
TERM_ALLOWANCE = 30
KILL_ALLOWANCE = 8


def read(path):
    """A file's text, or None if it cannot be read (report.py uses it too)."""
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return None


def generated(run):
    """{producer id: number of events it generated}"""
    counts = {}
    for line in (read(f"{run}/producers.txt") or "").splitlines():
        m = re.match(r"audit-load (\d+) generated (\d+)$", line)
        if m:
            counts[int(m.group(1))] = int(m.group(2))
    return counts


def parse_stream(text):
    """Scenario events of a record stream, in order of first appearance.

    Returns (events, types, extra): events is [(serial, (id, seq))] for
    each SYSCALL record of a producer, types maps serial to the list of
    record types seen with it, extra counts the SYSCALL records seen again.
    """
    events, types, seen_syscall = [], {}, set()
    extra = 0
    for line in text.splitlines():
        m = RECORD.search(line)
        if not m:
            continue
        kind = TYPES.get(m.group(1))
        if not kind:
            continue
        serial = int(m.group(2))
        if kind == "SYSCALL":
            f = dict(FIELD.findall(m.group(3)))
            if f.get("syscall") != "110" or int(f.get("a0", "0"), 16) != MAGIC:
                continue
            if serial in seen_syscall:
                extra += 1
                continue
            seen_syscall.add(serial)
            events.append((serial, (int(f["a1"], 16), int(f["a2"], 16))))
        types.setdefault(serial, []).append(kind)
    return events, types, extra


def out_of_order(events, ref=None):
    """Events that come after one that should come after them.

    Without @ref, by each producer's own order: an event whose SEQ is lower
    than one of the same producer already seen.  With @ref, the multicast
    stream, by the order kauditd took the records from its queue: an event
    that comes before one already seen in @ref; events that @ref lacks are
    not placed.
    """
    late = 0
    if ref is None:
        top = {}
        for _, (producer, seq) in events:
            if seq < top.get(producer, -1):
                late += 1
            top[producer] = max(top.get(producer, -1), seq)
        return late
    place = {}
    for i, (_, key) in enumerate(ref):
        place.setdefault(key, i)
    top = -1
    for _, key in events:
        i = place.get(key)
        if i is None:
            continue
        if i < top:
            late += 1
        top = max(top, i)
    return late


def completeness(gen, events, types, ref=None):
    """(events missing, copies of events, records missing, unknown events)

    Without @ref, an event counts as present when its SYSCALL record is.
    With @ref, the multicast stream, records are counted by serial: a
    PROCTITLE record of an event whose SYSCALL record is missing counts as
    present, and the missing SYSCALL record as missing.
    """
    want = {(p, s) for p, n in gen.items() for s in range(n)}
    seen, copies, unknown = set(), 0, 0
    for serial, key in events:
        if key not in want:
            unknown += 1
        elif key in seen:
            copies += 1
        seen.add(key)
        kinds = types.get(serial, [])
        copies += sum(max(0, kinds.count(t) - 1) for t in EXPECTED_TYPES)
    missing = len(want - seen)
    if ref is None:
        records_missing = missing * len(EXPECTED_TYPES)
        for serial, _ in events:
            kinds = types.get(serial, [])
            records_missing += sum(1 for t in EXPECTED_TYPES if t not in kinds)
        return missing, copies, records_missing, unknown
    placed = set()
    records_missing = 0
    for serial, key in ref:
        if key in want:
            placed.add(key)
            kinds = types.get(serial, [])
            records_missing += sum(1 for t in EXPECTED_TYPES if t not in kinds)
    records_missing += len(want - placed) * len(EXPECTED_TYPES)
    return missing, copies, records_missing, unknown


def records(text):
    """The records of the scenario's kinds in a stream, in order:
    [(serial, kind)].  Which of them belong to scenario events is for the
    caller to tell."""
    out = []
    for line in text.splitlines():
        m = RECORD.search(line)
        if m and TYPES.get(m.group(1)):
            out.append((int(m.group(2)), TYPES[m.group(1)]))
    return out


def instances(log):
    """The records each auditd instance logged, and whether it ended
    cleanly.

    Returns [[records, clean]] in log order, records as records() gives
    them; an instance starts at its DAEMON_START record and writes
    DAEMON_END when it stops on SIGTERM.
    """
    inst = []
    for line in log.splitlines():
        d = DAEMON.search(line)
        if d:
            if d.group(1) in ("DAEMON_START", "1200"):
                inst.append([[], False])
            elif inst:
                inst[-1][1] = True
            continue
        if inst:
            inst[-1][0] += records(line)
    return [i for i in inst if i[0]]


def left_by_auditd(log, mc, m_events, m_types, types, audit1=True):
    """Records missing from the log, split by where they are missing.

    Uses the multicast stream @mc for the missing records, and for the
    order in which records left kauditd's queues: a record is missing where
    one instance ends if it left them after the last record of a scenario
    event that instance logged, and before the first one the next instance
    logged.  Record by record, and not by serial: on SMP, the records of
    events that end at the same time on different CPUs are queued
    interleaved, and serials are taken as events begin, so a record with a
    lower serial may be queued after one with a higher serial.
    Returns (left by auditd within the allowances, the rest, auditd exits).
    Without @audit1, every record missing where one instance ends and the
    next begins counts as left: the kernel log takes them then.
    """
    pos = {}
    for rec in records(mc):
        if rec[0] in m_types:
            pos.setdefault(rec, len(pos))
    inst = []
    for recs, clean in instances(log):
        at = [pos[r] for r in recs if r in pos]
        if at:
            inst.append((min(at), max(at), clean))
    gaps = {}
    rest = 0
    for serial, _ in m_events:
        for kind in EXPECTED_TYPES:
            if kind not in m_types.get(serial, []) or kind in types.get(serial, []):
                continue
            here = pos.get((serial, kind))
            where = None
            for k in range(len(inst) - 1):
                if here is not None and inst[k][1] < here < inst[k + 1][0]:
                    where = k
            if where is None:
                rest += 1
            else:
                gaps[where] = gaps.get(where, 0) + 1
    left = 0
    for k, n in gaps.items():
        allowance = TERM_ALLOWANCE if inst[k][2] else KILL_ALLOWANCE
        if n <= allowance or not audit1:
            left += n
        else:
            rest += n
    return left, rest, len(inst) - 1


def lost(run, which):
    m = re.search(r"^lost (\d+)", read(f"{run}/status-{which}.txt") or "", re.M)
    return int(m.group(1)) if m else None


def tool_counts(run):
    """Scenario events as ausearch and aureport count them."""
    au = read(f"{run}/ausearch.txt")
    ausearch = None if au is None else len(parse_stream(au)[0])
    # aureport also counts the rule's own CONFIG_CHANGE events, added and
    # removed, which carry the key
    config = len(re.findall(r'type=(?:CONFIG_CHANGE|1305) .*key="scenario"',
                            read(f"{run}/audit.log") or ""))
    aureport = None
    rep = read(f"{run}/aureport.txt") or ""
    for line in rep.splitlines():
        m = re.match(r"^\s*(\d+)\s+scenario\s*$", line)
        if m:
            aureport = int(m.group(1)) - config
    return ausearch, aureport


def check(run):
    """Findings of one run: (figures, [(case, ok, detail)])."""
    gen = generated(run)
    total = sum(gen.values())
    log = read(f"{run}/audit.log")
    mc = read(f"{run}/mcast.txt")
    if not gen or log is None or mc is None:
        why = "scenario did not finish (see job.out)"
        return {}, [("auditd scenario", False, why)]

    info = dict(line.split("=", 1) for line in
                (read(f"{run}/info") or "").splitlines() if "=" in line)
    audit1 = info.get("mode") != "default"
    m_events, m_types, m_extra = parse_stream(mc)
    events, types, extra = parse_stream(log)
    missing, copies, rec_missing, unknown = completeness(gen, events, types, m_events)
    copies += extra
    late = out_of_order(events, m_events)
    before, after = lost(run, "before"), lost(run, "after")
    delta = None if before is None or after is None else after - before
    ausearch, aureport = tool_counts(run)

    m_missing, m_copies, m_rec_missing, m_unknown = completeness(gen, m_events, m_types)
    m_copies += m_extra
    m_late = out_of_order(m_events)
    overruns = re.search(r"overruns (\d+)", read(f"{run}/mcast.out") or "")

    # what auditd did not leave by itself is missing on the kernel's side,
    # including events the multicast stream lacks too and cannot place
    left, _, exits = left_by_auditd(log, mc, m_events, m_types, types, audit1)
    kernel_missing = rec_missing - left

    fig = {
        "generated": total, "logged": len(events), "missing": missing,
        "left_by_auditd": left, "kernel_missing": kernel_missing,
        "auditd_exits": exits,
        "copies": copies, "records_missing": rec_missing, "lost_delta": delta,
        "uncounted": None if delta is None else kernel_missing - delta,
        "out_of_order": late, "ausearch": ausearch, "aureport": aureport,
        "mcast_missing": m_missing, "mcast_copies": m_copies,
        "mcast_out_of_order": m_late,
        "mcast_overruns": int(overruns.group(1)) if overruns else None,
    }
    cases = [
        ("auditd: every event once",
         kernel_missing == 0 and copies == 0 and unknown == 0,
         f"{total} generated, {len(events)} in the log, {missing} missing: "
         f"{kernel_missing} records on the kernel's side, {left} "
         f"{'left by auditd' if audit1 else 'left by auditd or in the kernel log'} "
         f"at its {exits} exits; {copies} copies, {unknown} unknown"),
        ("auditd: queue order", late == 0,
         f"{late} events after a later one, in the order of the multicast stream"),
        ("auditd: gap equals lost delta", delta is not None and kernel_missing == delta,
         f"{kernel_missing} records missing on the kernel's side, lost went "
         f"up by {delta}"),
        ("ausearch and aureport agree", ausearch == len(events) and aureport == len(events),
         f"ausearch {ausearch}, aureport {aureport}, log {len(events)}"),
        ("multicast: every record once",
         m_rec_missing == 0 and m_copies == 0 and m_unknown == 0 and fig["mcast_overruns"] == 0,
         f"{m_rec_missing} records missing, {m_copies} copies, "
         f"{fig['mcast_overruns']} overruns"),
        ("multicast: each producer's order", m_late == 0,
         f"{m_late} events after a later one of the same producer"),
    ]
    return fig, cases


TABLE = [
    ("generated", "events generated"),
    ("logged", "in auditd's log"),
    ("kernel_missing", "records missing, kernel's side"),
    ("lost_delta", "counted lost"),
    ("uncounted", "missing, uncounted"),
    ("out_of_order", "out of order"),
    ("copies", "copies"),
    ("left_by_auditd", "records left at auditd's exits"),
    ("auditd_exits", "auditd exits"),
    ("mcast_missing", "multicast: events missing"),
    ("mcast_out_of_order", "multicast: out of order"),
]


def table(runs, out=None):
    """Print the scenario's figures side by side, a column per run."""
    heads, figs = [], []
    for run in runs:
        info = dict(line.split("=", 1) for line in
                    (read(f"{run}/info") or "").splitlines() if "=" in line)
        heads.append(f"{info.get('kernel', '?')}/{info.get('mode', '?')}")
        figs.append(dict(check(run)[0], kernel=info.get("kernel"), mode=info.get("mode"),
                         base_package=info.get("base_package")))
    if out:
        with open(out, "w") as f:
            json.dump(figs, f, indent=1, sort_keys=True)
            f.write("\n")
    width = max(len(label) for _, label in TABLE)
    print("Debian's auditd 3.0.9, restarted (SIGTERM), stopped (SIGSTOP/SIGCONT),")
    print("killed (SIGKILL), and killed while stopped, twice each, under audited")
    print("getppid() calls from 4 processes; a multicast listener beside it.")
    print()
    print(" " * width + "".join(f"{h:>17}" for h in heads))
    for key, label in TABLE:
        cells = "".join(f"{str(f.get(key, '-')):>17}" for f in figs)
        print(f"{label:<{width}}{cells}")
    print()
    print(f"""  records missing, kernel's side  missing from the log, but those left by auditd
  records left at auditd's exits   missing where one auditd instance ends: read by
                                   auditd and not written (at most {KILL_ALLOWANCE} at a kill,
                                   {TERM_ALLOWANCE} at a SIGTERM, see scripts/auditd_check.py);
                                   without audit=1, also those kauditd wrote to the
                                   kernel log while no auditd was registered, by design
  missing, uncounted               kernel's side minus counted lost""")


def main():
    runs = sys.argv[1:]
    if runs and runs[0] == "--table":
        out = None
        if runs[1:2] == ["--json"]:
            out, runs = runs[2], runs[2:]
        table(runs[1:], out)
        return
    if not runs:
        sys.exit(__doc__)
    bad = 0
    for run in runs:
        _, cases = check(run)
        print(f"== {run}")
        for name, ok, detail in cases:
            print(f"  {'PASS' if ok else 'FAIL'}  {name}  ({detail})")
            bad += not ok
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
