#!/usr/bin/env python3
"""Note how long a job took, for the README (scripts/figures.py).

usage: timing.py BASE JOB SECONDS cold|warm|mixed

Keeps results/timings-BASE.json: for each job (check, demo, ...) and each
start (cold: no build of the test kernel yet, and an empty ccache; warm: a
build there already), the newest time measured, in seconds.  A mixed start
(scripts/start-state.sh: a new tree, but a ccache that earlier builds
filled) is neither, and is not noted.
"""

import datetime
import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    if len(sys.argv) != 5 or sys.argv[4] not in ("cold", "warm", "mixed"):
        sys.exit(__doc__)
    base, job, seconds, start = sys.argv[1:]
    if start == "mixed":
        print(f"timing: {job} took {seconds} s from a new tree with a ccache "
              "that earlier builds filled: neither cold nor warm, not noted")
        return
    path = os.path.join(TOP, "results", f"timings-{base}.json")
    try:
        data = json.load(open(path))
    except (OSError, ValueError):
        data = {}
    data.setdefault(job, {})[start] = {"seconds": int(seconds),
                                       "date": datetime.date.today().isoformat()}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
