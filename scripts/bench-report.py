#!/usr/bin/env python3
"""Turn the bench guests' logs into results: JSON, a Markdown table, a chart.

usage: bench-report.py RUNS_DIR RESULTS_DIR

RUNS_DIR holds what scripts/bench.sh left: KERNEL-icount-SEED.log and
KERNEL-smp.log, each with the QEMU command line beside it (.log.cmd).  Every
"BENCH name value unit" line is a figure.  Under -icount a figure repeats
exactly for the same kernel and seed, and a guest ns is a guest
instruction; the median over the seeds is the figure of a kernel.  The smp
runs are real time: min, median and max over the repetitions.

Writes RESULTS_DIR/DATE-BASE.json (every figure, the base, the commits, the
command lines), DATE-BASE.md (the table the README links) and
DATE-BASE.png (patched/unpatched ratios: green better, grey within 0.5%,
red more than 2% worse).  If a JSON of the same base is there already (an
earlier run, today's included), prints how far each icount median moved
since: under -icount, nothing should.
"""

import datetime
import glob
import json
import os
import re
import statistics
import sys

# name: (what, unit shown, better: "lower" or "higher", target ratio or None)
WORKLOADS = {
    "syscall_audited_ns": ("getppid() with an always,exit rule, fast auditd",
                           "instructions/call", "lower", 0.85),
    "syscall_unaudited_ns": ("getppid() with no rule", "instructions/call", "lower", None),
    "user_record_ns": ("AUDIT_USER record, fast auditd", "instructions/record", "lower", None),
    "delivery_rate": ("end-to-end delivery to a fast auditd", "records/s (guest)",
                      "higher", 1.25),
    "user_record_long_ns": ("AUDIT_USER record, 1,000-byte message, fast auditd",
                            "instructions/record", "lower", None),
    "delivery_rate_long": ("end-to-end delivery of 1,000-byte messages", "records/s (guest)",
                           "higher", None),
    "held_drain_ns": ("drain 8,192 held records to a new auditd", "instructions", "lower", 0.8),
    "user_record_no_auditd_ns": ("AUDIT_USER record, no auditd", "instructions/record",
                                 "lower", None),
    "user_record_slow_auditd_ns": ("AUDIT_USER record, slow auditd", "instructions/record",
                                   "lower", None),
    "unix_dgram_floor_ns": ("floor: same-size AF_UNIX datagram", "instructions/datagram",
                            "lower", None),
    "user_msg_audit_off_ns": ("AUDIT_USER message, auditing off (no record made)",
                              "instructions/message", "lower", None),
}
SMP = "smp_two_producers_ns"
WORSE_LIMIT = 0.02  # no workload more than 2% worse


def parse(path):
    figures = {}
    for line in open(path, errors="replace"):
        m = re.match(r"^BENCH (\S+) ([0-9.]+) ", line)
        if m:
            figures.setdefault(m.group(1), []).append(float(m.group(2)))
    return figures


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


def worse_by(name, ratio):
    """How much worse the patched kernel is, as a fraction (negative: better)."""
    better = WORKLOADS[name][2]
    return ratio - 1 if better == "lower" else 1 / ratio - 1


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    runs, results = sys.argv[1:]
    base_tag = os.environ.get("BASE", "6.12")
    bed = os.environ.get("BED", "min")
    out = {"base": base_tag, "bed": bed, "icount": {}, "smp": {}, "commands": {}}
    # runs: build/out-BASE/bench/BED/runs
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(runs))))
    out["base_package"] = read(os.path.join(build, f"base-{base_tag}.version"))
    for kernel in ("base", "patched"):
        out.setdefault("commits", {})[kernel] = read(
            os.path.join(os.path.dirname(runs), f"bzImage-{kernel}.commit"))
        seeds = {}
        for log in sorted(glob.glob(os.path.join(runs, f"{kernel}-icount-*.log"))):
            seed = log.rsplit("-", 1)[1][:-4]
            seeds[seed] = {k: v[0] for k, v in parse(log).items()}
            out["commands"][os.path.basename(log)] = read(log + ".cmd")
        smp_log = os.path.join(runs, f"{kernel}-smp.log")
        if os.path.exists(smp_log):
            reps = parse(smp_log).get(SMP, [])
            out["commands"][os.path.basename(smp_log)] = read(smp_log + ".cmd")
            if reps:
                out["smp"][kernel] = {"runs": reps, "min": min(reps),
                                      "median": statistics.median(reps), "max": max(reps)}
        out["icount"][kernel] = {"seeds": seeds}
        for name in WORKLOADS:
            vals = [s[name] for s in seeds.values() if name in s]
            if vals:
                out["icount"][kernel].setdefault("median", {})[name] = statistics.median(vals)
                spread = (max(vals) - min(vals)) / statistics.median(vals) if vals else 0
                out["icount"][kernel].setdefault("spread", {})[name] = spread

    base_med = out["icount"]["base"].get("median", {})
    pat_med = out["icount"]["patched"].get("median", {})
    ratios = {n: pat_med[n] / base_med[n] for n in WORKLOADS if n in base_med and n in pat_med}
    out["ratios"] = ratios
    if "base" in out["smp"] and "patched" in out["smp"]:
        out["smp_ratio_median"] = out["smp"]["patched"]["median"] / out["smp"]["base"]["median"]
    targets = []
    for name, ratio in ratios.items():
        what, unit, better, target = WORKLOADS[name]
        if target is not None:
            ok = ratio <= target if better == "lower" else ratio >= target
            targets.append({"workload": name, "target": target, "ratio": ratio, "met": ok})
        targets.append({"workload": name, "target": f"at most {WORSE_LIMIT:.0%} worse",
                        "ratio": ratio, "met": worse_by(name, ratio) <= WORSE_LIMIT})
    if "user_record_ns" in pat_med and "unix_dgram_floor_ns" in pat_med:
        f = pat_med["user_record_ns"] / pat_med["unix_dgram_floor_ns"]
        out["user_record_over_floor"] = {
            "base": base_med["user_record_ns"] / base_med["unix_dgram_floor_ns"],
            "patched": f}
        targets.append({"workload": "user_record_ns / unix_dgram_floor_ns (stretch)",
                        "target": 2.0, "ratio": f, "met": f <= 2.0})
    out["targets"] = targets

    date = datetime.date.today().isoformat()
    os.makedirs(results, exist_ok=True)
    stem = os.path.join(results, f"{date}-{base_tag}-{bed}")
    # the newest earlier results of this base and bed, this one's own included
    earlier = sorted(glob.glob(os.path.join(results, f"*-{base_tag}-{bed}.json")))
    prev = json.load(open(earlier[-1])) if earlier else None
    with open(stem + ".json", "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")

    nseeds = len(out["icount"]["base"]["seeds"])
    lines = [f"# Benchmark: unpatched against patched, {out['base_package'] or base_tag}, "
             f"bed \"{bed}\"",
             "",
             f"Made by `make bench` on {date}, bed \"{bed}\" (scripts/build-bench.sh). "
             "Single-CPU figures: QEMU `-icount shift=0,sleep=off`,",
             "where a guest nanosecond is a guest instruction; the median over "
             f"{nseeds} boots with different RTC bases (seeds); the spread is (max-min)/median.",
             "Ratio: patched / unpatched; lower is better except for the delivery rate.",
             "",
             "| workload | unit | unpatched | patched | ratio | spread (unp., pat.) |",
             "|---|---|---:|---:|---:|---|"]
    for name, (what, unit, better, target) in WORKLOADS.items():
        if name not in ratios:
            continue
        sp = (out["icount"]["base"]["spread"][name], out["icount"]["patched"]["spread"][name])
        lines.append(f"| {what} | {unit} | {base_med[name]:,.0f} | {pat_med[name]:,.0f} | "
                     f"{ratios[name]:.3f} | {sp[0]:.2%}, {sp[1]:.2%} |")
    if "smp_ratio_median" in out:
        b, p = out["smp"]["base"], out["smp"]["patched"]
        lines += ["", f"Two producers on `-smp 2`, real time (no icount), {len(b['runs'])} runs, "
                  "ns per record: min / median / max", "",
                  "| kernel | min | median | max |", "|---|---:|---:|---:|",
                  f"| unpatched | {b['min']:,.0f} | {b['median']:,.0f} | {b['max']:,.0f} |",
                  f"| patched | {p['min']:,.0f} | {p['median']:,.0f} | {p['max']:,.0f} |",
                  "", f"Median ratio: {out['smp_ratio_median']:.3f}."]
    lines += ["", "| target | ratio | met |", "|---|---:|---|"]
    for t in targets:
        tgt = t["target"] if isinstance(t["target"], str) else f"{t['target']}"
        lines.append(f"| {t['workload']}: {tgt} | {t['ratio']:.3f} | {'yes' if t['met'] else 'no'} |")
    lines += ["", f"Data: [{os.path.basename(stem)}.json]({os.path.basename(stem)}.json); "
              f"chart: [{os.path.basename(stem)}.png]({os.path.basename(stem)}.png).", ""]
    with open(stem + ".md", "w") as f:
        f.write("\n".join(lines))

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        names = [n for n in WORKLOADS if n in ratios]
        fig, ax = plt.subplots(figsize=(9, 4.5))
        vals = [ratios[n] for n in names]
        colors = ["tab:red" if worse_by(n, ratios[n]) > WORSE_LIMIT else
                  "tab:green" if worse_by(n, ratios[n]) < -0.005 else "tab:gray"
                  for n in names]
        ax.barh([WORKLOADS[n][0] for n in names], vals, color=colors)
        ax.axvline(1.0, color="black", linewidth=1)
        for n, v in zip(names, vals):
            ax.text(v, WORKLOADS[n][0], f" {v:.3f}", va="center", fontsize=8)
        ax.set_xlabel("patched / unpatched (icount median; delivery rate: higher is better)")
        ax.set_title(f"audit series on {out['base_package'] or base_tag}, bed {bed}")
        ax.invert_yaxis()
        fig.tight_layout()
        fig.savefig(stem + ".png", dpi=100)
    except ImportError:
        print("bench: no matplotlib, no chart (scripts/install-deps.sh bench)")

    print("\n".join(lines))
    if prev:
        print(f"icount medians against the earlier {os.path.basename(earlier[-1])}:")
        for kernel in ("base", "patched"):
            old = prev.get("icount", {}).get(kernel, {}).get("median", {})
            new = out["icount"][kernel].get("median", {})
            for name in new:
                if old.get(name):
                    print(f"  {kernel:8} {name:28} {new[name] / old[name] - 1:+.3%}")
    print(f"bench: wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
